package teller.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.config.ServerConfig;
import teller.server.support.ApiClient;
import teller.server.support.ExecutionFixture;
import teller.server.support.PostgresProcesses;
import teller.server.support.TestPostgres;
import teller.server.support.TestServer;

/**
 * Killing the embedded PostgreSQL alone (issue 15: the server stayed up, never ready, and writes
 * answered 500). The server restarts it and becomes ready again; meanwhile every request answers
 * 503 DATABASE_UNAVAILABLE with Retry-After, never 500; and it gives up loudly when it cannot.
 */
class EmbeddedPostgresSupervisionTest {
    private static final Duration READY_AGAIN_MAX = Duration.ofSeconds(90);

    @Test
    void killedPostgresIsRestartedAndRequestsAnswer503MeanwhileNever500() throws Exception {
        Path data = Files.createTempDirectory("teller-supervised");
        AtomicReference<String> lost = new AtomicReference<>();
        ServerConfig config = ServerConfig.fromEnvironment(Map.of()).toBuilder().port(0).dataDirectory(data)
                .adminPassword(TestServer.ADMIN_PASSWORD).build();
        try (ServerCore server = ServerCore.start(config, Clock.systemUTC(), lost::set)) {
            ApiClient admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
            assertThat(admin.post("/api/v1/players", Map.of("id", "before", "username", "before", "currency", "USD"))
                    .status()).isEqualTo(201);
            long postmaster = PostgresProcesses.postmasterPid(data);

            ProcessHandle.of(postmaster).orElseThrow().destroyForcibly();

            List<Integer> statuses = new ArrayList<>();
            List<String> refusals = new ArrayList<>();
            ApiClient anonymous = new ApiClient(server.baseUrl());
            long deadline = System.nanoTime() + READY_AGAIN_MAX.toNanos();
            int n = 0;
            while (System.nanoTime() < deadline) {
                var write = admin.post("/api/v1/players", Map.of("id", "during-" + n, "username", "during-" + n,
                        "currency", "USD"), Map.of("Idempotency-Key", "during-" + n));
                var read = admin.get("/api/v1/orders?limit=1");
                for (var reply : List.of(write, read)) {
                    statuses.add(reply.status());
                    if (reply.status() == 503) {
                        refusals.add(reply.at("/error/code"));
                    }
                }
                if (write.status() == 201 && anonymous.get("/health/ready").status() == 200) {
                    break;
                }
                n++;
                Thread.sleep(100);
            }

            assertThat(statuses).as("answers while PostgreSQL was down and after").doesNotContain(500)
                    .contains(503).endsWith(201, 200);
            assertThat(refusals).containsOnly("DATABASE_UNAVAILABLE");
            assertThat(PostgresProcesses.postmasterPid(data)).as("a new postmaster").isNotEqualTo(postmaster);
            assertThat(admin.get("/api/v1/players/before").status()).as("the data survived").isEqualTo(200);
            assertThat(lost.get()).isNull();
        } finally {
            TestPostgres.deleteRecursively(data);
        }
    }

    @Test
    void retryAfterIsSentWhileTheDatabaseIsDown() throws Exception {
        Path data = Files.createTempDirectory("teller-supervised-retry");
        ServerConfig config = ServerConfig.fromEnvironment(Map.of()).toBuilder().port(0).dataDirectory(data)
                .adminPassword(TestServer.ADMIN_PASSWORD).build();
        try (ServerCore server = ServerCore.start(config, Clock.systemUTC(), reason -> { })) {
            ApiClient admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
            Path pgData = data.resolve("pgdata");
            // Kept from starting again: the cluster is moved away while PostgreSQL still runs (it works in its
            // data directory by relative paths), then the postmaster is killed, so every restart the supervisor
            // tries finds no cluster. Moving it only after the kill raced with a quick restart.
            long postmaster = PostgresProcesses.postmasterPid(data);
            Path moved = data.resolve("pgdata-moved");
            Files.move(pgData, moved);
            ProcessHandle.of(postmaster).orElseThrow().destroyForcibly();
            // A read that always needs the database: /me may be answered from the short-lived session cache.
            ExecutionFixture.await(Duration.ofSeconds(30), "the server to notice",
                    () -> admin.get("/api/v1/orders?limit=1").status() == 503);

            var reply = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(server.baseUrl() + "/api/v1/orders?limit=1"))
                    .header("Authorization", "Bearer " + admin.token()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());

            assertThat(reply.statusCode()).isEqualTo(503);
            assertThat(reply.body()).contains("DATABASE_UNAVAILABLE");
            assertThat(reply.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(new ApiClient(server.baseUrl()).get("/health/ready").status()).isEqualTo(503);
            assertThat(new ApiClient(server.baseUrl()).get("/health").status()).isEqualTo(200);
            Files.move(moved, pgData);
        } finally {
            TestPostgres.deleteRecursively(data);
        }
    }

    @Test
    void supervisorGivesUpWhenPostgresCannotBeRestarted() throws Exception {
        Path data = Files.createTempDirectory("teller-supervised-lost");
        EmbeddedPostgres postgres = EmbeddedPostgres.start(data, EmbeddedPostgres.Mode.AUTO);
        AtomicReference<String> lost = new AtomicReference<>();
        try (var supervisor = new EmbeddedPostgresSupervisor(postgres, 2, Duration.ofMillis(100), () -> { }, lost::set)) {
            // Moved away before the kill (see retryAfterIsSentWhileTheDatabaseIsDown), so no restart can win the race.
            Path pgData = data.resolve("pgdata");
            long postmaster = PostgresProcesses.postmasterPid(data);
            Files.move(pgData, data.resolve("elsewhere"));
            ProcessHandle.of(postmaster).orElseThrow().destroyForcibly();

            ExecutionFixture.await(Duration.ofSeconds(60), "the supervisor to give up", () -> lost.get() != null);

            assertThat(lost.get()).contains("could not be restarted after 2 attempts");
            assertThat(supervisor.available()).isFalse();
            assertThat(pgData).as("no empty cluster was made in its place").doesNotExist();
        } finally {
            postgres.close();
            TestPostgres.deleteRecursively(data);
        }
    }
}
