package teller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataDirectoriesTest {
    private static final Path HOME = Path.of("/home/op");

    @Test
    void linuxUsesXdgDataHomeOrItsDefault() {
        assertThat(DataDirectories.forSystem("Linux", Map.of("XDG_DATA_HOME", "/data/op"), HOME))
                .isEqualTo(Path.of("/data/op/teller"));
        assertThat(DataDirectories.forSystem("Linux", Map.of(), HOME)).isEqualTo(HOME.resolve(".local/share/teller"));
        assertThat(DataDirectories.forSystem("FreeBSD", Map.of(), HOME)).isEqualTo(HOME.resolve(".local/share/teller"));
    }

    @Test
    void aRelativeOrEmptyXdgDataHomeIsIgnoredAsTheSpecSays() {
        assertThat(DataDirectories.forSystem("Linux", Map.of("XDG_DATA_HOME", "data"), HOME))
                .isEqualTo(HOME.resolve(".local/share/teller"));
        assertThat(DataDirectories.forSystem("Linux", Map.of("XDG_DATA_HOME", " "), HOME))
                .isEqualTo(HOME.resolve(".local/share/teller"));
    }

    @Test
    void windowsUsesLocalAppData() {
        assertThat(DataDirectories.forSystem("Windows 11", Map.of("LOCALAPPDATA", "/c/Users/op/AppData/Local"), HOME))
                .isEqualTo(Path.of("/c/Users/op/AppData/Local/Teller"));
        assertThat(DataDirectories.forSystem("Windows 10", Map.of(), HOME))
                .as("without LOCALAPPDATA: its usual place under the profile")
                .isEqualTo(HOME.resolve("AppData/Local/Teller"));
    }

    @Test
    void macUsesApplicationSupport() {
        assertThat(DataDirectories.forSystem("Mac OS X", Map.of("XDG_DATA_HOME", "/data/op"), HOME))
                .isEqualTo(HOME.resolve("Library/Application Support/Teller"));
    }
}
