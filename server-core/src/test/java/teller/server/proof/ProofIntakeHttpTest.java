package teller.server.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.common.Sha256;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestServer;

/**
 * Proof intake over real HTTP: a deposit's proof is checked by its bytes, hashed, spooled in the
 * data directory and queued for forwarding; anything refused leaves neither an order nor a file;
 * the spool is swept of expired, forwarded and orphaned images.
 */
class ProofIntakeHttpTest {
    private static final AtomicInteger PLAYERS = new AtomicInteger();
    static ServerCore server;
    static ApiClient admin;
    static ApiClient clerk;
    static Path spool;
    static Jdbi jdbi;

    @BeforeAll
    static void start() throws IOException {
        Path dataDirectory = Files.createTempDirectory("teller-proof-data");
        server = TestServer.start(b -> b.dataDirectory(dataDirectory).proof(200_000, 4_000_000, Duration.ofHours(72)));
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        admin.post("/api/v1/operators", Map.of("username", "clerk", "password", "clerk-password-1", "roles", List.of("APPROVER")));
        clerk = ApiClient.signedIn(server.baseUrl(), "clerk", "clerk-password-1");
        jdbi = server.database().jdbi();
        spool = dataDirectory.resolve(FileProofSpool.DIRECTORY);
    }

    private static long count(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String player() {
        String id = "proof-" + PLAYERS.incrementAndGet();
        assertThat(admin.post("/api/v1/players", Map.of("id", id, "username", id, "currency", "USD")).status()).isEqualTo(201);
        return id;
    }

    private static Reply deposit(String playerId, String proofBase64, String key) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "DEPOSIT");
        body.put("playerId", playerId);
        body.put("amount", 500);
        body.put("currency", "USD");
        body.put("source", Map.of("channel", "PORTAL"));
        body.put("proofImage", proofBase64);
        return clerk.post("/api/v1/orders", body, key == null ? Map.of() : Map.of("Idempotency-Key", key));
    }

    private static List<Path> spoolFiles() {
        try (Stream<Path> files = Files.list(spool)) {
            return files.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long orders(String playerId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM orders WHERE player_id = :p").bind("p", playerId)
                .mapTo(Long.class).one());
    }

    @Test
    void aDepositWithAPngProofIsHashedSpooledAndQueuedForForwarding() throws IOException {
        byte[] png = ProofFixtures.image("png", 32, 24, 11);
        Reply created = deposit(player(), ProofFixtures.base64(png), null);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.at("/proof/sha256")).isEqualTo(Sha256.hex(png));
        assertThat(created.at("/proof/forwarding/status")).isEqualTo("QUEUED");
        assertThat(created.at("/proof/forwarding/mediaType")).isEqualTo("image/png");
        assertThat(created.body().at("/proof/forwarding/width").asInt()).isEqualTo(32);
        assertThat(created.body().at("/proof/forwarding/spooled").asBoolean()).isTrue();

        String name = jdbi.withHandle(h -> h.createQuery("SELECT spool_name FROM proof_forwards WHERE order_id = :id")
                .bind("id", Long.parseLong(created.at("/id"))).mapTo(String.class).one());
        Path file = spool.resolve(name);
        assertThat(file).exists();
        assertThat(Files.readAllBytes(file)).isEqualTo(png);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spool))).isEqualTo("rwx------");

        Reply detail = admin.get("/api/v1/orders/" + created.at("/id"));
        assertThat(detail.at("/proof/forwarding/status")).isEqualTo("QUEUED");
        assertThat(count("SELECT count(*) FROM outbox_events WHERE event_type = 'PROOF_FORWARD_UPDATED' AND aggregate_id = '"
                + Long.parseLong(created.at("/id")) + "'")).isEqualTo(1);
    }

    @Test
    void jpegAndWebpProofsAreAcceptedWithTheirMediaType() {
        Reply jpeg = deposit(player(), ProofFixtures.base64(ProofFixtures.image("jpg", 16, 16, 12)), null);
        assertThat(jpeg.status()).as(jpeg.text()).isEqualTo(201);
        assertThat(jpeg.at("/proof/forwarding/mediaType")).isEqualTo("image/jpeg");
        Reply webp = deposit(player(), ProofFixtures.WEBP_LOSSY_BASE64, null);
        assertThat(webp.status()).as(webp.text()).isEqualTo(201);
        assertThat(webp.at("/proof/forwarding/mediaType")).isEqualTo("image/webp");
    }

    @Test
    void aRefusedProofLeavesNeitherAnOrderNorASpoolFile() {
        String playerId = player();
        int filesBefore = spoolFiles().size();
        Reply text = deposit(playerId, ProofFixtures.base64("PNG? no, plain text".getBytes()), null);
        assertThat(text.status()).isEqualTo(400);
        assertThat(text.at("/error/code")).isEqualTo("PROOF_NOT_AN_IMAGE");
        assertThat(text.at("/error/details/field")).isEqualTo("proofImage");

        Reply tooLarge = deposit(playerId, ProofFixtures.base64(ProofFixtures.image("png", 300, 300, 13)), null);
        assertThat(tooLarge.status()).isEqualTo(400);
        assertThat(tooLarge.at("/error/code")).isEqualTo("PROOF_TOO_LARGE");

        byte[] bomb = ProofFixtures.claimingSize(ProofFixtures.image("png", 4, 4, 0), 3000, 3000);
        Reply tooManyPixels = deposit(playerId, ProofFixtures.base64(bomb), null);
        assertThat(tooManyPixels.status()).as(tooManyPixels.text()).isEqualTo(400);
        assertThat(tooManyPixels.at("/error/code")).isEqualTo("PROOF_TOO_MANY_PIXELS");

        Map<String, Object> gameLoad = new LinkedHashMap<>(Map.of("type", "GAME_LOAD", "playerId", playerId, "amount", 5,
                "currency", "USD", "gameName", "pusoy", "proofImage", ProofFixtures.WEBP_LOSSY_BASE64));
        assertThat(clerk.post("/api/v1/orders", gameLoad).status()).isEqualTo(400);

        assertThat(orders(playerId)).isZero();
        assertThat(spoolFiles()).hasSize(filesBefore);
    }

    @Test
    void aProofWhoseOrderIsRefusedAfterSpoolingIsRemovedAgain() {
        int filesBefore = spoolFiles().size();
        Map<String, Object> body = new LinkedHashMap<>(Map.of("type", "DEPOSIT", "playerId", "nobody-" + PLAYERS.get(),
                "amount", 5, "currency", "USD", "proofImage", ProofFixtures.WEBP_LOSSLESS_BASE64));
        Reply unknownPlayer = clerk.post("/api/v1/orders", body);
        assertThat(unknownPlayer.status()).isEqualTo(422);
        assertThat(spoolFiles()).hasSize(filesBefore);
    }

    @Test
    void aRepeatedRequestKeepsOneSpoolFile() {
        String playerId = player();
        String proof = ProofFixtures.base64(ProofFixtures.image("png", 8, 8, 14));
        int filesBefore = spoolFiles().size();
        assertThat(deposit(playerId, proof, "proof-repeat-1").status()).isEqualTo(201);
        Reply again = deposit(playerId, proof, "proof-repeat-1");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("duplicate").asBoolean()).isTrue();
        assertThat(spoolFiles()).hasSize(filesBefore + 1);
    }

    @Test
    void theSweepExpiresUnsentProofsAfterRetentionAndRemovesTheirImages() {
        Reply created = deposit(player(), ProofFixtures.base64(ProofFixtures.image("png", 8, 8, 15)), null);
        long orderId = Long.parseLong(created.at("/id"));
        String name = jdbi.withHandle(h -> h.createQuery("SELECT spool_name FROM proof_forwards WHERE order_id = :id")
                .bind("id", orderId).mapTo(String.class).one());
        // Retention runs out: the forward was queued long enough ago.
        jdbi.useHandle(h -> h.createUpdate("UPDATE proof_forwards SET expires_at = now() - interval '1 second' WHERE order_id = :id")
                .bind("id", orderId).execute());
        assertThat(server.services().proofSweeper().sweep()).isGreaterThanOrEqualTo(2);
        assertThat(spool.resolve(name)).doesNotExist();
        Reply detail = admin.get("/api/v1/orders/" + orderId);
        assertThat(detail.at("/proof/forwarding/status")).isEqualTo("EXPIRED");
        assertThat(detail.body().at("/proof/forwarding/spooled").asBoolean()).isFalse();
        assertThat(detail.at("/proof/sha256")).hasSize(64);
    }

    @Test
    void theSweepKeepsASentProofUntilItsOrderIsDecidedThenRemovesIt() {
        Reply created = deposit(player(), ProofFixtures.base64(ProofFixtures.image("png", 8, 8, 16)), null);
        long orderId = Long.parseLong(created.at("/id"));
        String name = jdbi.withHandle(h -> h.createQuery("SELECT spool_name FROM proof_forwards WHERE order_id = :id")
                .bind("id", orderId).mapTo(String.class).one());
        jdbi.useHandle(h -> h.createUpdate("UPDATE proof_forwards SET status = 'SENT', message_ref = 'chat:1' WHERE order_id = :id")
                .bind("id", orderId).execute());
        server.services().proofSweeper().sweep();
        assertThat(spool.resolve(name)).as("the operators still look at it while deciding").exists();
        assertThat(admin.post("/api/v1/orders/" + orderId + "/reject", Map.of("reason", "test")).status()).isEqualTo(200);
        server.services().proofSweeper().sweep();
        assertThat(spool.resolve(name)).doesNotExist();
        assertThat(admin.get("/api/v1/orders/" + orderId).at("/proof/forwarding/status")).isEqualTo("SENT");
    }

    @Test
    void theSweepRemovesOldOrphansButLeavesFreshOnesToTheirIntake() throws IOException {
        String hash = "ab".repeat(32);
        Path old = spool.resolve(hash + "-" + "0".repeat(32) + ".png");
        Path fresh = spool.resolve(hash + "-" + "1".repeat(32) + ".png");
        Files.write(old, new byte[] {1, 2, 3});
        Files.write(fresh, new byte[] {1, 2, 3});
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        server.services().proofSweeper().sweep();
        assertThat(old).doesNotExist();
        assertThat(fresh).exists();
        Files.delete(fresh);
    }

    @Test
    void aQueuedProofStaysInTheSpoolThroughASweep() {
        Reply created = deposit(player(), ProofFixtures.base64(ProofFixtures.image("png", 8, 8, 17)), null);
        String name = jdbi.withHandle(h -> h.createQuery("SELECT spool_name FROM proof_forwards WHERE order_id = :id")
                .bind("id", Long.parseLong(created.at("/id"))).mapTo(String.class).one());
        server.services().proofSweeper().sweep();
        assertThat(spool.resolve(name)).exists();
    }
}
