package teller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesktopOptionsTest {
    private static final Path HOME = Path.of(System.getProperty("user.home"), ".teller");

    @Test
    void demoDataLivesApartFromRealLocalData() {
        assertThat(DesktopOptions.parse(List.of(), Map.of()).dataDirectory()).isEqualTo(HOME.resolve("local"));
        DesktopOptions demo = DesktopOptions.parse(List.of("--demo", "--local"), Map.of());
        assertThat(demo.demo()).isTrue();
        assertThat(demo.connectLocal()).isTrue();
        assertThat(demo.dataDirectory()).isEqualTo(HOME.resolve("demo"));
        assertThat(DesktopOptions.parse(List.of(), Map.of("TELLER_DEMO", "true")).demo()).isTrue();
    }

    @Test
    void dataDirectoryCanBeChosen() {
        assertThat(DesktopOptions.parse(List.of("--data-dir", "/tmp/t1"), Map.of()).dataDirectory())
                .isEqualTo(Path.of("/tmp/t1"));
        assertThat(DesktopOptions.parse(List.of("--data-dir=/tmp/t2"), Map.of()).dataDirectory())
                .isEqualTo(Path.of("/tmp/t2"));
        assertThat(DesktopOptions.parse(List.of(), Map.of("TELLER_DESKTOP_DATA_DIR", "/tmp/t3")).dataDirectory())
                .isEqualTo(Path.of("/tmp/t3"));
    }

    @Test
    void unknownOptionsAreRefused() {
        assertThatThrownBy(() -> DesktopOptions.parse(List.of("--dmeo"), Map.of()))
                .hasMessageContaining("unknown option --dmeo");
        assertThatThrownBy(() -> DesktopOptions.parse(List.of("--data-dir"), Map.of()))
                .hasMessageContaining("--data-dir needs");
    }
}
