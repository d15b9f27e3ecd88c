package teller.server.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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
 * {@code GET /api/v1/orders/{id}/proof} over real HTTP (issue #12): the spooled image with its type
 * and hash, 404 NO_PROOF, 410 PROOF_EXPIRED once the spool let it go, 403 for a viewer, and an
 * audit row for each view.
 */
class ProofViewHttpTest {
    private static final AtomicInteger PLAYERS = new AtomicInteger();
    static ServerCore server;
    static ApiClient admin;
    static ApiClient maria;
    static ApiClient viewer;
    static Jdbi jdbi;

    @BeforeAll
    static void start() throws IOException {
        Path data = Files.createTempDirectory("teller-proof-view");
        server = TestServer.start(b -> b.dataDirectory(data).proof(200_000, 4_000_000, Duration.ofHours(72)));
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        maria = admin.newOperator("maria", "APPROVER");
        viewer = admin.newOperator("vic", "VIEWER");
        jdbi = server.database().jdbi();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static long deposit(String proofBase64) {
        String player = "view-" + PLAYERS.incrementAndGet();
        assertThat(admin.post("/api/v1/players", Map.of("id", player, "username", player, "currency", "USD")).status())
                .isEqualTo(201);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "DEPOSIT");
        body.put("playerId", player);
        body.put("amount", 700);
        body.put("currency", "USD");
        body.put("source", Map.of("channel", "PORTAL"));
        if (proofBase64 != null) {
            body.put("proofImage", proofBase64);
        }
        Reply created = admin.post("/api/v1/orders", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return Long.parseLong(created.at("/id"));
    }

    private static long views(long orderId, String actorId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM audit_log WHERE action = 'PROOF_VIEWED' "
                        + "AND resource_type = 'ORDER' AND resource_id = :id AND actor_id = :actor")
                .bind("id", String.valueOf(orderId)).bind("actor", actorId).mapTo(Long.class).one());
    }

    private static String operatorId(String username) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id::text FROM operators WHERE username = :u").bind("u", username)
                .mapTo(String.class).one());
    }

    @Test
    void anApproverGetsTheSpooledImageWithItsTypeAndHashAndTheViewIsAudited() {
        byte[] png = ProofFixtures.image("png", 20, 14, 41);
        long order = deposit(ProofFixtures.base64(png));

        HttpResponse<byte[]> image = maria.getBytes("/api/v1/orders/" + order + "/proof");

        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.body()).isEqualTo(png);
        assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(image.headers().firstValue("X-Proof-Sha256")).hasValue(Sha256.hex(png));
        assertThat(views(order, operatorId("maria"))).isEqualTo(1);
        maria.getBytes("/api/v1/orders/" + order + "/proof");
        assertThat(views(order, operatorId("maria"))).as("each view is a row").isEqualTo(2);
    }

    @Test
    void aJpegComesWithItsOwnContentType() {
        byte[] jpeg = ProofFixtures.image("jpg", 16, 16, 42);
        long order = deposit(ProofFixtures.base64(jpeg));
        HttpResponse<byte[]> image = admin.getBytes("/api/v1/orders/" + order + "/proof");
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(image.body()).isEqualTo(jpeg);
    }

    @Test
    void anOrderWithoutAProofAnswersNoProofAndAnUnknownOrderNotFound() {
        long order = deposit(null);
        Reply none = maria.get("/api/v1/orders/" + order + "/proof");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.at("/error/code")).isEqualTo("NO_PROOF");
        Reply unknown = maria.get("/api/v1/orders/987654321/proof");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.at("/error/code")).isEqualTo("ORDER_NOT_FOUND");
        assertThat(views(order, operatorId("maria"))).isZero();
    }

    @Test
    void aProofPastItsRetentionIsGoneWithA410AndItsHashStillOnTheOrder() {
        byte[] png = ProofFixtures.image("png", 8, 8, 43);
        long order = deposit(ProofFixtures.base64(png));
        jdbi.useHandle(h -> h.createUpdate("UPDATE proof_forwards SET expires_at = now() - interval '1 second' "
                + "WHERE order_id = :id").bind("id", order).execute());

        Reply beforeSweep = maria.get("/api/v1/orders/" + order + "/proof");
        assertThat(beforeSweep.status()).as("past its retention even before the sweep ran").isEqualTo(410);
        server.services().proofSweeper().sweep();
        Reply gone = maria.get("/api/v1/orders/" + order + "/proof");
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.at("/error/code")).isEqualTo("PROOF_EXPIRED");
        assertThat(gone.at("/error/details/sha256")).isEqualTo(Sha256.hex(png));
        assertThat(admin.get("/api/v1/orders/" + order).at("/proof/sha256")).isEqualTo(Sha256.hex(png));
        assertThat(views(order, operatorId("maria"))).isZero();
    }

    @Test
    void aProofOfADecidedAndForwardedOrderIsGoneAfterTheSweep() {
        long order = deposit(ProofFixtures.base64(ProofFixtures.image("png", 8, 8, 44)));
        jdbi.useHandle(h -> h.createUpdate("UPDATE proof_forwards SET status = 'SENT', message_ref = 'chat:1' "
                + "WHERE order_id = :id").bind("id", order).execute());
        server.services().proofSweeper().sweep();
        assertThat(maria.getBytes("/api/v1/orders/" + order + "/proof").statusCode())
                .as("forwarded but undecided: still there").isEqualTo(200);
        assertThat(maria.post("/api/v1/orders/" + order + "/reject", Map.of("reason", "no such payment")).status())
                .isEqualTo(200);
        server.services().proofSweeper().sweep();
        assertThat(maria.get("/api/v1/orders/" + order + "/proof").at("/error/code")).isEqualTo("PROOF_EXPIRED");
    }

    @Test
    void aViewerMayNotSeeTheImage() {
        long order = deposit(ProofFixtures.base64(ProofFixtures.image("png", 8, 8, 45)));
        Reply refused = viewer.get("/api/v1/orders/" + order + "/proof");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(views(order, operatorId("vic"))).isZero();
        assertThat(List.of(refused.text())).noneMatch(text -> text.contains("PNG"));
    }
}
