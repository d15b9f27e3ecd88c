package teller.ui.about;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import teller.ui.common.UiExecutors;

class AboutViewModelTest {
    private static final AboutInfo INFO = new AboutInfo("0.1.0", Path.of("/home/op/.local/share/teller"),
            Path.of("/home/op/.local/share/teller/logs/teller.log"));
    private final List<Path> opened = new ArrayList<>();

    @Test
    void showsBothVersionsTheDataFolderAndTheLogFile() {
        AboutViewModel about = new AboutViewModel(UiExecutors.inline(), INFO, () -> Optional.of("0.1.0"), opened::add);
        assertThat(about.version()).isEqualTo("0.1.0");
        assertThat(about.serverVersionProperty().get()).isEqualTo("0.1.0");
        assertThat(about.dataDirectory()).isEqualTo("/home/op/.local/share/teller");
        assertThat(about.logFile()).isEqualTo("/home/op/.local/share/teller/logs/teller.log");
        assertThat(about.summary()).contains("Teller 0.1.0").contains("Server: 0.1.0")
                .contains("Log file: /home/op/.local/share/teller/logs/teller.log");
    }

    @Test
    void withoutASessionTheServerIsNotConnectedAndAnOldServerSaysNothing() {
        assertThat(new AboutViewModel(UiExecutors.inline(), INFO, null, opened::add).serverVersionProperty().get())
                .isEqualTo("not connected");
        assertThat(new AboutViewModel(UiExecutors.inline(), INFO, Optional::empty, opened::add)
                .serverVersionProperty().get()).isEqualTo("not reported by this server");
        assertThat(new AboutViewModel(UiExecutors.inline(), INFO, () -> {
            throw new IllegalStateException("connection refused");
        }, opened::add).serverVersionProperty().get()).startsWith("unknown (").contains("connection refused");
    }

    @Test
    void openFolderOpensTheLogFilesFolderAndSaysWhenItCannot() {
        AboutViewModel about = new AboutViewModel(UiExecutors.inline(), INFO, null, opened::add);
        about.openFolder();
        assertThat(opened).containsExactly(Path.of("/home/op/.local/share/teller/logs"));
        assertThat(about.errorProperty().get()).isEmpty();

        AboutViewModel failing = new AboutViewModel(UiExecutors.inline(), INFO, null, folder -> {
            throw new IOException("xdg-open: not found");
        });
        failing.openFolder();
        assertThat(failing.errorProperty().get()).startsWith("Could not open /home/op/.local/share/teller/logs: ")
                .contains("xdg-open: not found");
    }

    @Test
    void aConsoleWithoutDataSaysSoAndHasNoFolderToOpen() {
        AboutViewModel about = new AboutViewModel(UiExecutors.inline(), AboutInfo.unknown(), null, opened::add);
        assertThat(about.canOpenFolder()).isFalse();
        assertThat(about.logFile()).isEqualTo("none (console only)");
        about.openFolder();
        assertThat(opened).isEmpty();
    }
}
