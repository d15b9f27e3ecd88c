package teller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesktopOptionsTest {
    private static final Path PLACE = Path.of("/home/op/.local/share/teller");

    @Test
    void demoDataLivesApartFromRealLocalData() {
        DesktopOptions real = DesktopOptions.parse(List.of(), Map.of(), PLACE);
        assertThat(real.dataDirectory()).isEqualTo(PLACE);
        assertThat(real.localServerDirectory()).isEqualTo(PLACE.resolve("local"));
        DesktopOptions demo = DesktopOptions.parse(List.of("--demo", "--local"), Map.of(), PLACE);
        assertThat(demo.demo()).isTrue();
        assertThat(demo.connectLocal()).isTrue();
        assertThat(demo.dataDirectory()).isEqualTo(PLACE);
        assertThat(demo.localServerDirectory()).isEqualTo(PLACE.resolve("demo"));
        assertThat(DesktopOptions.parse(List.of(), Map.of("TELLER_DEMO", "true"), PLACE).demo()).isTrue();
    }

    @Test
    void dataDirectoryCanBeChosen() {
        assertThat(DesktopOptions.parse(List.of("--data-dir", "/tmp/t1"), Map.of(), PLACE).dataDirectory())
                .isEqualTo(Path.of("/tmp/t1"));
        assertThat(DesktopOptions.parse(List.of("--data-dir=/tmp/t2"), Map.of(), PLACE).dataDirectory())
                .isEqualTo(Path.of("/tmp/t2"));
        assertThat(DesktopOptions.parse(List.of(), Map.of("TELLER_DESKTOP_DATA_DIR", "/tmp/t3"), PLACE).dataDirectory())
                .isEqualTo(Path.of("/tmp/t3"));
        assertThat(DesktopOptions.parse(List.of("--data-dir", "/tmp/t4"), Map.of("TELLER_DESKTOP_DATA_DIR", "/tmp/t3"),
                PLACE).dataDirectory()).as("the command line wins").isEqualTo(Path.of("/tmp/t4"));
    }

    @Test
    void versionAndHelpAreRecognised() {
        assertThat(DesktopOptions.parse(List.of("--version"), Map.of(), PLACE).version()).isTrue();
        assertThat(DesktopOptions.parse(List.of("-V"), Map.of(), PLACE).version()).isTrue();
        assertThat(DesktopOptions.parse(List.of("--help"), Map.of(), PLACE).help()).isTrue();
        assertThat(DesktopOptions.parse(List.of(), Map.of(), PLACE).version()).isFalse();
    }

    @Test
    void unknownOptionsAreRefused() {
        assertThatThrownBy(() -> DesktopOptions.parse(List.of("--dmeo"), Map.of(), PLACE))
                .hasMessageContaining("unknown option --dmeo");
        assertThatThrownBy(() -> DesktopOptions.parse(List.of("--data-dir"), Map.of(), PLACE))
                .hasMessageContaining("--data-dir needs");
    }
}
