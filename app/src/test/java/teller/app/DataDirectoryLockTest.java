package teller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The desktop's bad starts before any window: the texts its dialog shows. */
class DataDirectoryLockTest {
    @TempDir
    Path temp;

    @Test
    void aSecondDesktopOnTheSameDataDirectoryIsToldTeller_isAlreadyRunning() throws Exception {
        Path data = temp.resolve("data");
        try (DataDirectoryLock first = DataDirectoryLock.acquire(data)) {
            assertThatThrownBy(() -> DataDirectoryLock.acquire(data))
                    .isInstanceOfSatisfying(DataDirectoryLock.StartProblem.class, problem -> {
                        assertThat(problem.title()).isEqualTo("Teller is already running");
                        assertThat(problem.getMessage()).isEqualTo("Teller is already running with the data folder " + data
                                + ". Switch to its window, or start this one with --data-dir and another folder.");
                    });
        }
        try (DataDirectoryLock again = DataDirectoryLock.acquire(data)) {
            assertThat(data.resolve(DataDirectoryLock.LOCK_FILE)).exists();
        }
    }

    @Test
    void aDataDirectoryThatCannotBeWrittenIsNamedWithWhatToDo() throws Exception {
        // Root may write anywhere, so the folder is made impossible instead: a path through a plain file.
        Path file = Files.writeString(temp.resolve("a-file"), "not a folder");
        Path data = file.resolve("teller");
        assertThatThrownBy(() -> DataDirectoryLock.acquire(data))
                .isInstanceOfSatisfying(DataDirectoryLock.StartProblem.class, problem -> {
                    assertThat(problem.title()).isEqualTo("Teller cannot write to its data folder");
                    assertThat(problem.getMessage()).startsWith("Teller cannot write to its data folder " + data + " (")
                            .endsWith("Give your user write access to it, or start Teller with --data-dir and a folder "
                                    + "you can write to.");
                });
        assertThat(Files.readString(file)).as("nothing written").isEqualTo("not a folder");
    }
}
