package teller.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Looks at the postmaster of an embedded PostgreSQL data directory from outside. */
public final class PostgresProcesses {
    private static final Duration POSTMASTER_EXIT_WAIT = Duration.ofSeconds(30);

    private PostgresProcesses() {
    }

    /** The postmaster's pid, from {@code <dataDir>/pgdata/postmaster.pid}. */
    public static long postmasterPid(Path dataDir) throws IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("pgdata/postmaster.pid")).get(0).trim());
    }

    /** The postmaster has exited and released the data directory (no postmaster.pid left). */
    public static void assertStopped(Path dataDir, long postmasterPid) throws Exception {
        var handle = ProcessHandle.of(postmasterPid);
        if (handle.isPresent()) {
            handle.get().onExit().get(POSTMASTER_EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        assertThat(ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive).orElse(false))
                .as("postmaster %d still running", postmasterPid).isFalse();
        assertThat(dataDir.resolve("pgdata/postmaster.pid")).doesNotExist();
    }
}
