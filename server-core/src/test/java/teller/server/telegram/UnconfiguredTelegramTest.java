package teller.server.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.proof.ProofFixtures;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestServer;

/** Without Telegram settings nothing is sent and nothing pretends to be: decision 0030. */
class UnconfiguredTelegramTest {
    private static ServerCore server;
    private static ApiClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void proofsWaitInTheQueueMarkedTelegramNotConfigured() {
        assertThat(admin.post("/api/v1/players", Map.of("id", "nc-1", "username", "nc-1", "currency", "USD")).status())
                .isEqualTo(201);
        Reply created = admin.post("/api/v1/orders", Map.of("type", "DEPOSIT", "playerId", "nc-1", "amount", 100,
                "currency", "USD", "source", Map.of("channel", "PORTAL"),
                "proofImage", ProofFixtures.base64(ProofFixtures.image("png", 8, 8, 99))));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        server.services().proofForwarder().forwardDue();
        Reply detail = admin.get("/api/v1/orders/" + created.at("/id"));
        assertThat(detail.at("/proof/forwarding/status")).isEqualTo("QUEUED");
        assertThat(detail.at("/proof/forwarding/lastError")).isEqualTo("TELEGRAM_NOT_CONFIGURED");
        assertThat(detail.body().at("/proof/forwarding/attempts").asInt()).as("no attempt was made").isZero();
        assertThat(detail.body().at("/proof/forwarding/spooled").asBoolean()).isTrue();
        Reply requeue = admin.post("/api/v1/proof-forwards/" + detail.at("/proof/forwarding/id") + "/retry", null);
        assertThat(requeue.status()).as("already queued").isEqualTo(409);
    }

    @Test
    void theWebhookIsOffWithoutASecretAndSaysSo() {
        Reply refused = new ApiClient(server.baseUrl()).post("/api/v1/integrations/telegram/webhook",
                "{\"update_id\": 1}", Map.of("X-Telegram-Bot-Api-Secret-Token", "anything"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.at("/error/code")).isEqualTo("TELEGRAM_WEBHOOK_NOT_CONFIGURED");
        Long audited = server.database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT count(*) FROM audit_log WHERE action = 'TELEGRAM_WEBHOOK' AND outcome = 'DENIED'
                           AND details->>'reason' = 'TELEGRAM_WEBHOOK_NOT_CONFIGURED'""").mapTo(Long.class).one());
        assertThat(audited).isGreaterThanOrEqualTo(1);
    }
}
