package teller.server.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The server under test: the production {@code serve} command in a JVM of its own, on one data
 * directory and one port across restarts, configured only through its environment. It can be
 * killed with SIGKILL, its embedded PostgreSQL can be killed alone, and it is asked when it is
 * ready again.
 */
final class ChaosServer implements AutoCloseable {
    static final Duration READY_MAX = Duration.ofSeconds(180);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Path dataDirectory;
    private final int port;
    private final Map<String, String> environment;
    private final Path log;
    private final ChaosHttp http;
    private Process process;

    ChaosServer(Path dataDirectory, int port, Map<String, String> environment) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.environment = Map.copyOf(environment);
        this.log = dataDirectory.resolve("chaos-server.log");
        this.http = new ChaosHttp(baseUrl());
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    Path log() {
        return log;
    }

    void start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "teller.server.Main", "serve", "--port", String.valueOf(port),
                "--data-dir", dataDirectory.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(name -> !name.equals("PATH") && !name.equals("HOME"));
        builder.environment().putAll(environment);
        process = builder.start();
    }

    /** Waits until {@code /health/ready} answers 200; the time it took, or empty if it did not within {@link #READY_MAX}. */
    Optional<Duration> awaitReady() throws InterruptedException {
        long started = System.nanoTime();
        long end = started + READY_MAX.toNanos();
        while (System.nanoTime() < end) {
            var answer = http.once("GET", "/health/ready", null, null, null);
            if (answer != null && answer.status() == 200) {
                return Optional.of(Duration.ofNanos(System.nanoTime() - started));
            }
            if (process != null && !process.isAlive()) {
                return Optional.empty();
            }
            Thread.sleep(POLL.toMillis());
        }
        return Optional.empty();
    }

    /** SIGKILL, as a power cut or the OOM killer would; its PostgreSQL is left running for the next start to find. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGKILL of the embedded PostgreSQL's postmaster alone; the server must restart it. */
    long killPostgres() throws IOException {
        long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("pgdata/postmaster.pid")).get(0).trim());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        return pid;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Stops the server as a service manager would (SIGTERM): it stops its PostgreSQL on the way out. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
