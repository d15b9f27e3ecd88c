package teller.ui.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import teller.ui.preferences.Preferences.WindowBounds;

class PreferencesTest {
    @TempDir
    Path dataDirectory;

    @Test
    void whatIsRememberedComesBackInTheNextRun() {
        Preferences first = Preferences.load(dataDirectory);
        assertThat(first.mode()).isEmpty();
        assertThat(first.window()).isEmpty();
        first.rememberRemote("https://teller.example.com", "maria.santos");
        first.rememberWindow(new WindowBounds(40, 60, 1400, 900, true));
        first.rememberScreen("queue");
        assertThat(first.navCollapsed()).isFalse();
        first.rememberNavCollapsed(true);
        first.save();

        Preferences next = Preferences.load(dataDirectory);
        assertThat(next.mode()).contains(Preferences.Mode.REMOTE);
        assertThat(next.navCollapsed()).isTrue();
        assertThat(next.serverUrl()).contains("https://teller.example.com");
        assertThat(next.username()).contains("maria.santos");
        assertThat(next.window()).contains(new WindowBounds(40, 60, 1400, 900, true));
        assertThat(next.lastScreen()).contains("queue");
    }

    @Test
    void aLocalSignInKeepsTheRemoteServerAndUsernameForNextTime() {
        Preferences preferences = Preferences.load(dataDirectory);
        preferences.rememberRemote("https://teller.example.com", "maria.santos");
        preferences.rememberLocal();
        preferences.save();
        Preferences next = Preferences.load(dataDirectory);
        assertThat(next.mode()).contains(Preferences.Mode.LOCAL);
        assertThat(next.serverUrl()).contains("https://teller.example.com");
        assertThat(next.username()).contains("maria.santos");
    }

    @Test
    void aDamagedFileIsIgnoredNotFatal() throws Exception {
        Files.writeString(dataDirectory.resolve(Preferences.FILE_NAME),
                "connect.mode=SIDEWAYS\nwindow.width=wide\nwindow.height=800\nwindow.x=0\nwindow.y=0\n");
        Preferences preferences = Preferences.load(dataDirectory);
        assertThat(preferences.mode()).isEmpty();
        assertThat(preferences.window()).isEmpty();
    }

    @Test
    void savingLeavesNoTemporaryFileAndAnInMemoryStoreWritesNothing() throws Exception {
        Preferences preferences = Preferences.load(dataDirectory);
        preferences.rememberScreen("reports");
        preferences.save();
        try (var files = Files.list(dataDirectory)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly(Preferences.FILE_NAME);
        }
        Preferences.inMemory().save();
    }
}
