package teller.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.server.support.PostgresProcesses;

/**
 * {@code serve} as an operator runs it: {@code java -jar teller-server-core.jar} (the shaded jar, so
 * a packaging mistake shows here) with no DATABASE_URL, so server-core starts
 * its own embedded PostgreSQL inside the data directory, and stops it again when the process is
 * asked to terminate (SIGTERM, as from Ctrl+C or a service manager).
 */
class ServeJarIT {
    static final String JAR_PROPERTY = "teller.serverJar";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(180);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    @Test
    void serveWithDemoDataStartsEmbeddedPostgresShowsAQueueOfAllTypesAndStopsPostgresOnShutdown() throws Exception {
        Path dataDir = temp.resolve("serve");

        String adminPassword;
        try (Server first = Server.start(dataDir, Map.of(), "--demo")) {
            Path passwordFile = dataDir.resolve(ServerCore.ADMIN_PASSWORD_FILE);
            assertThat(passwordFile).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
            adminPassword = Files.readString(passwordFile).strip();
            assertThat(first.output()).contains(adminPassword);

            ApiClient admin = ApiClient.signedIn(first.baseUrl, "admin", adminPassword);
            var pending = admin.get("/api/v1/orders?status=PENDING_REVIEW&limit=500");
            assertThat(pending.status()).isEqualTo(200);
            Set<String> types = new HashSet<>();
            pending.body().get("items").forEach(o -> types.add(o.get("type").asText()));
            assertThat(types).containsExactlyInAnyOrder("DEPOSIT", "GAME_LOAD", "WITHDRAWAL");
            assertThat(admin.get("/api/v1/players/p-1002").body().get("balance").asLong()).isEqualTo(1_200_00);
            assertThat(admin.get("/api/v1/ledger/verify").body().get("balanced").asBoolean()).isTrue();
            first.stopAndAssertPostgresStopped();
        }

        // A second start on the same data directory finds everything again and seeds nothing twice.
        try (Server second = Server.start(dataDir, Map.of(), "--demo")) {
            ApiClient admin = ApiClient.signedIn(second.baseUrl, "admin", adminPassword);
            assertThat(admin.get("/api/v1/players/p-1002").body().get("balance").asLong()).isEqualTo(1_200_00);
            var deposits = admin.get("/api/v1/orders?type=DEPOSIT&playerId=p-1001&limit=500");
            assertThat(deposits.body().get("items")).as("opening deposit and one pending, not doubled").hasSize(2);
            assertThat(second.output()).doesNotContain("Generated password");
            second.stopAndAssertPostgresStopped();
        }
    }

    @Test
    void serveAsRootFallsBackToPostgresUnderAnUnprivilegedUidWhenAskedAndStopsItOnShutdown() throws Exception {
        assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0,
                "the setpriv fallback exists for root processes only");
        Path dataDir = temp.resolve("serve-setpriv");
        try (Server server = Server.start(dataDir, Map.of("TELLER_EMBEDDED_PG_MODE", "SETPRIV",
                "TELLER_ADMIN_PASSWORD", "setpriv-admin-password-1"))) {
            assertThat(server.output()).contains("setpriv mode");
            long postmaster = PostgresProcesses.postmasterPid(dataDir);
            assertThat(Files.readAllLines(Path.of("/proc", String.valueOf(postmaster), "status")))
                    .anyMatch(line -> line.matches("Uid:\\s+65534\\s.*"));
            ApiClient admin = ApiClient.signedIn(server.baseUrl, "admin", "setpriv-admin-password-1");
            assertThat(admin.get("/health/ready").status()).isEqualTo(200);
            assertThat(admin.post("/api/v1/players", Map.of("id", "root-1", "username", "rooted", "currency", "USD"))
                    .status()).isEqualTo(201);
            server.stopAndAssertPostgresStopped();
        }
    }

    /** A {@code serve} child process and everything it printed. */
    private static final class Server implements AutoCloseable {
        private final Process process;
        private final Path dataDir;
        private final List<String> lines = new ArrayList<>();
        private final CountDownLatch listening = new CountDownLatch(1);
        final String baseUrl;

        private Server(Process process, Path dataDir, int port) {
            this.process = process;
            this.dataDir = dataDir;
            this.baseUrl = "http://127.0.0.1:" + port;
            Thread reader = new Thread(() -> {
                try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        synchronized (lines) {
                            lines.add(line);
                        }
                        if (line.contains("is listening on")) {
                            listening.countDown();
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "serve-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Server start(Path dataDir, Map<String, String> environment, String... extra) throws Exception {
            int port = freePort();
            String java = ProcessHandle.current().info().command().orElse("java");
            Path jar = Path.of(System.getProperty(JAR_PROPERTY, "target/teller-server-core.jar"));
            assertThat(jar).as("the shaded jar (built in the package phase)").exists();
            List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-jar", jar.toString(),
                    "serve", "--port", String.valueOf(port), "--data-dir", dataDir.toString()));
            command.addAll(List.of(extra));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            // Whatever this JVM was given, the child must take the embedded default and generate its admin password.
            builder.environment().keySet().removeIf(name -> name.startsWith("TELLER_") || name.startsWith("DATABASE_"));
            builder.environment().putAll(environment);
            Server server = new Server(builder.start(), dataDir, port);
            if (!server.listening.await(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                server.close();
                throw new AssertionError("serve did not start in " + STARTUP_WAIT + ":\n" + server.output());
            }
            return server;
        }

        String output() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }

        void stopAndAssertPostgresStopped() throws Exception {
            long postmaster = PostgresProcesses.postmasterPid(dataDir);
            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).contains(true);
            process.destroy();
            assertThat(process.waitFor(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS)).as(output()).isTrue();
            PostgresProcesses.assertStopped(dataDir, postmaster);
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }
    }
}
