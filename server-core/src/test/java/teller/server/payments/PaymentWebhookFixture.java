package teller.server.payments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import teller.server.ServerCore;
import teller.server.referrals.ReferralSettings;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestServer;

/**
 * One server per test class with a shared webhook secret, one of its own for provider {@code acme},
 * and a fast referral worker; and the helpers the webhook tests share: signed deliveries, charges,
 * players, balances, row counts and the denied-webhook audit.
 */
abstract class PaymentWebhookFixture {
    static final String SECRET = "whsec-shared-for-tests";
    static final String ACME_SECRET = "whsec-acme-only";
    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger SEQUENCE = new AtomicInteger();

    static ServerCore server;
    static ApiClient admin;
    static ApiClient anonymous;

    @BeforeAll
    static void start() {
        server = TestServer.start(b -> b
                .paymentWebhooks(PaymentWebhookSettings.unconfigured().withDefaultSecret(SECRET)
                        .withSecret("acme", ACME_SECRET))
                .referrals(ReferralSettings.defaults().withWorkerInterval(Duration.ofMillis(100))));
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        anonymous = new ApiClient(server.baseUrl());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ------------------------------------------------------------------ helpers

    static long now() {
        return Instant.now().getEpochSecond();
    }

    static Map<String, Object> charge(String chargeId, String player, long amount, String status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chargeId", chargeId);
        body.put("playerId", player);
        body.put("amount", amount);
        body.put("currency", "USD");
        body.put("status", status);
        return body;
    }

    static Reply deliver(String provider, String secret, Map<String, Object> body) {
        try {
            return deliverRaw(provider, secret, JSON.writeValueAsString(body), now());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Reply deliverRaw(String provider, String secret, String raw, long timestamp) {
        return anonymous.send("POST", "/api/v1/webhooks/payments/" + provider.replace(" ", "%20"), raw,
                Map.of(WebhookSignature.HEADER, WebhookSignature.header(secret, timestamp, raw)));
    }

    static void badBody(Map<String, Object> body, int status, String field) {
        Reply reply = deliver("stripe", SECRET, body);
        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        assertThat(reply.at("/error/details/field")).as(reply.text()).isEqualTo(field);
    }

    static void assertRefused(Reply reply, String code) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(401);
        assertThat(reply.at("/error/code")).isEqualTo(code);
    }

    static String newPlayer() {
        String id = "wh-" + SEQUENCE.incrementAndGet();
        Reply created = admin.post("/api/v1/players", Map.of("id", id, "username", id, "currency", "USD"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return id;
    }

    static long balance(String player) {
        return admin.get("/api/v1/players/" + player).body().get("balance").asLong();
    }

    /** A player's charges, orders and postings, with the player's id taken out so two players compare. */
    static Map<String, Object> state(String player) {
        return server.database().jdbi().withHandle(h -> {
            Map<String, Object> state = new TreeMap<>();
            for (var row : h.createQuery("""
                    SELECT d.charge_id, d.status, d.amount, o.status AS order_status, o.amount AS order_amount,
                           (SELECT count(*) FROM ledger_transactions t WHERE t.order_id = o.id) AS postings,
                           (SELECT coalesce(sum(e.amount), 0) FROM ledger_transactions t JOIN ledger_entries e
                              ON e.transaction_id = t.id WHERE t.order_id = o.id AND e.amount < 0) AS credited
                      FROM payment_deliveries d LEFT JOIN orders o ON o.id = d.order_id
                     WHERE d.player_id = :p ORDER BY d.charge_id""").bind("p", player).mapToMap().list()) {
                String charge = ((String) row.remove("charge_id")).substring(player.length());
                state.put(charge, new TreeMap<>(row));
            }
            state.put("orders", h.createQuery("SELECT count(*) FROM orders WHERE player_id = :p").bind("p", player)
                    .mapTo(Long.class).one());
            return state;
        });
    }

    static Map<String, Long> counts() {
        return server.database().jdbi().withHandle(h -> {
            Map<String, Long> counts = new TreeMap<>();
            for (String table : List.of("payment_deliveries", "orders", "order_history", "ledger_transactions",
                    "ledger_entries", "outbox_events")) {
                counts.put(table, h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
            }
            return counts;
        });
    }

    static long deniedWebhookAudits() {
        return server.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM audit_log WHERE action = 'PAYMENT_WEBHOOK' AND outcome = 'DENIED'")
                .mapTo(Long.class).one());
    }

}
