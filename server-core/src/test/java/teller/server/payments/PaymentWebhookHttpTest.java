package teller.server.payments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.referrals.ReferralSettings;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestServer;

/**
 * Payment webhooks over real HTTP against the real server and PostgreSQL: a signed success credits
 * the wallet once through the approval path, replays in any order and concurrently change nothing
 * more, unsigned or stale deliveries are refused and audited with nothing else written, and bad
 * bodies name their field. Ends with a referral reward earned through a webhook deposit.
 */
class PaymentWebhookHttpTest {
    private static final String SECRET = "whsec-shared-for-tests";
    private static final String ACME_SECRET = "whsec-acme-only";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

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

    // ------------------------------------------------------------------ happy path

    @Test
    void aSignedSuccessCreatesADepositApprovedByTheSystemAndCreditsItOnce() {
        String player = newPlayer();
        // Odd spacing and key order: the signature covers these bytes, not a re-serialization.
        String raw = "{ \"status\":\"succeeded\",  \"amount\": 4200, \"currency\":\"USD\", \"playerId\":\"" + player
                + "\", \"chargeId\":\"ch_happy_" + SEQUENCE.incrementAndGet() + "\" }";
        Reply first = deliverRaw("stripe", SECRET, raw, now());
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(first.at("/status")).isEqualTo("SUCCEEDED");
        assertThat(first.at("/orderStatus")).isEqualTo("APPROVED_EXECUTED");
        assertThat(first.body().get("duplicate").asBoolean()).isFalse();
        String orderId = first.at("/orderId");

        Reply order = admin.get("/api/v1/orders/" + orderId);
        assertThat(order.at("/type")).isEqualTo("DEPOSIT");
        assertThat(order.at("/approvedByType")).isEqualTo("SYSTEM");
        assertThat(order.at("/source/channel")).isEqualTo("WEBHOOK");
        assertThat(order.body().get("ledgerTransactionIds")).hasSize(1);
        assertThat(balance(player)).isEqualTo(4_200);

        Reply again = deliverRaw("stripe", SECRET, raw, now());
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.body().get("duplicate").asBoolean()).isTrue();
        assertThat(again.at("/orderId")).isEqualTo(orderId);
        assertThat(again.body().get("deliveries").asInt()).isEqualTo(2);
        assertThat(balance(player)).as("a redelivery credits nothing more").isEqualTo(4_200);
        assertThat(admin.get("/api/v1/ledger/verify").body().get("balanced").asBoolean()).isTrue();
    }

    @Test
    void aProviderWithItsOwnSecretIsCheckedAgainstThatSecretOnly() {
        String player = newPlayer();
        Map<String, Object> body = charge("ch_acme_" + SEQUENCE.incrementAndGet(), player, 700, "succeeded");
        Reply shared = deliver("acme", SECRET, body);
        assertThat(shared.status()).as(shared.text()).isEqualTo(401);
        Reply own = deliver("ACME", ACME_SECRET, body);
        assertThat(own.status()).as(own.text()).isEqualTo(200);
        assertThat(own.at("/provider")).isEqualTo("acme");
        assertThat(balance(player)).isEqualTo(700);
    }

    @Test
    void aSuccessThatALimitRefusesWaitsForAnOperatorAndIsNeitherLostNorCreditedTwice() throws Exception {
        String player = newPlayer();
        Reply limit = admin.send("PUT", "/api/v1/players/" + player + "/limits",
                JSON.writeValueAsString(Map.of("DAILY_DEPOSIT_LIMIT", 1_000)), Map.of());
        assertThat(limit.status()).as(limit.text()).isEqualTo(200);
        Map<String, Object> body = charge("ch_limit_" + SEQUENCE.incrementAndGet(), player, 5_000, "succeeded");

        Reply first = deliver("stripe", SECRET, body);
        assertThat(first.status()).as(first.text()).isEqualTo(202);
        assertThat(first.at("/orderStatus")).isEqualTo("PENDING_REVIEW");
        assertThat(first.at("/lastError")).contains("DAILY_DEPOSIT_LIMIT");
        Reply again = deliver("stripe", SECRET, body);
        assertThat(again.status()).as(again.text()).isEqualTo(202);
        assertThat(again.at("/orderId")).isEqualTo(first.at("/orderId"));
        assertThat(balance(player)).isZero();

        // A supervisor lifts the limit; the next redelivery gets the order approved, once.
        assertThat(admin.send("PUT", "/api/v1/players/" + player + "/limits",
                JSON.writeValueAsString(Collections.singletonMap("DAILY_DEPOSIT_LIMIT", null)), Map.of()).status())
                .isEqualTo(200);
        Reply approved = deliver("stripe", SECRET, body);
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.at("/orderStatus")).isEqualTo("APPROVED_EXECUTED");
        assertThat(approved.body().get("lastError").isNull()).as("the old refusal is gone").isTrue();
        assertThat(deliver("stripe", SECRET, body).status()).isEqualTo(200);
        assertThat(balance(player)).isEqualTo(5_000);
    }

    // ------------------------------------------------------------------ replays

    @Test
    void deliveriesReplayedFiveTimesInShuffledOrderEndAsOneDeliveryOfEach() {
        // Per charge, the statuses a provider reports over time (some of them out of order).
        Map<String, List<String>> story = new LinkedHashMap<>();
        story.put("a", List.of("pending", "succeeded"));
        story.put("b", List.of("pending", "failed"));
        story.put("c", List.of("failed", "succeeded"));
        story.put("d", List.of("succeeded", "refunded"));
        story.put("e", List.of("pending", "canceled"));
        Map<String, Long> amounts = Map.of("a", 1_000L, "b", 2_000L, "c", 3_000L, "d", 4_000L, "e", 5_000L);

        String once = newPlayer();
        String replayed = newPlayer();
        int n = SEQUENCE.incrementAndGet();
        for (var charge : story.entrySet()) {
            for (String status : charge.getValue()) {
                Reply r = deliver("stripe", SECRET, charge(once + "-" + charge.getKey(), once, amounts.get(charge.getKey()), status));
                assertThat(r.status()).as(r.text()).isIn(200);
            }
        }
        List<Map<String, Object>> deliveries = new ArrayList<>();
        for (var charge : story.entrySet()) {
            for (String status : charge.getValue()) {
                for (int i = 0; i < 5; i++) {
                    deliveries.add(charge(replayed + "-" + charge.getKey(), replayed, amounts.get(charge.getKey()), status));
                }
            }
        }
        Collections.shuffle(deliveries, new Random(20261123L + n));
        for (Map<String, Object> delivery : deliveries) {
            Reply r = deliver("stripe", SECRET, delivery);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
        }

        assertThat(state(replayed)).isEqualTo(state(once));
        assertThat(balance(replayed)).isEqualTo(balance(once)).isEqualTo(1_000 + 3_000 + 4_000);
        assertThat(admin.get("/api/v1/ledger/verify").body().get("balanced").asBoolean()).isTrue();
    }

    @Test
    void concurrentReplaysOfTheSameChargesCreditEachOnce() throws Exception {
        String player = newPlayer();
        String prefix = "ch_race_" + SEQUENCE.incrementAndGet();
        List<Callable<Reply>> calls = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String charge = prefix + "-" + (i % 3);
            String status = i % 4 == 0 ? "pending" : "succeeded";
            calls.add(() -> deliver("stripe", SECRET, charge(charge, player, 1_500, status)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Set<String> orders = new HashSet<>();
        try {
            for (Future<Reply> f : pool.invokeAll(calls)) {
                Reply r = f.get();
                assertThat(r.status()).as(r.text()).isEqualTo(200);
                if (!r.body().get("orderId").isNull()) {
                    orders.add(r.at("/orderId"));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(orders).as("one order per charge").hasSize(3);
        assertThat(balance(player)).isEqualTo(3 * 1_500);
        var rows = server.database().jdbi().withHandle(h -> h.createQuery("""
                SELECT d.charge_id, d.status, d.deliveries, count(t.id) AS postings
                  FROM payment_deliveries d LEFT JOIN ledger_transactions t ON t.order_id = d.order_id
                 WHERE d.player_id = :p GROUP BY d.id ORDER BY d.charge_id""").bind("p", player).mapToMap().list());
        assertThat(rows).hasSize(3);
        int total = 0;
        for (var row : rows) {
            assertThat(row.get("status")).isEqualTo("SUCCEEDED");
            assertThat(((Number) row.get("postings")).longValue()).isEqualTo(1);
            total += ((Number) row.get("deliveries")).intValue();
        }
        assertThat(total).as("every delivery counted once").isEqualTo(24);
    }

    // ------------------------------------------------------------------ refusals

    @Test
    void badSignaturesAndStaleTimestampsAreRefusedAuditedAndWriteNothingElse() throws Exception {
        String player = newPlayer();
        String chargeId = "ch_forged_" + SEQUENCE.incrementAndGet();
        String raw = JSON.writeValueAsString(charge(chargeId, player, 9_900, "succeeded"));
        Map<String, Long> before = counts();
        long auditBefore = deniedWebhookAudits();

        Reply wrongSecret = deliverRaw("stripe", "not-the-secret", raw, now());
        assertRefused(wrongSecret, "WEBHOOK_SIGNATURE_INVALID");
        assertRefused(deliverRaw("stripe", SECRET, raw, now() - 301), "WEBHOOK_TIMESTAMP_STALE");
        assertRefused(deliverRaw("stripe", SECRET, raw, now() + 301), "WEBHOOK_TIMESTAMP_STALE");
        String signedForOtherBody = WebhookSignature.header(SECRET, now(), raw.replace("9900", "99"));
        assertRefused(anonymous.send("POST", "/api/v1/webhooks/payments/stripe", raw,
                Map.of(WebhookSignature.HEADER, signedForOtherBody)), "WEBHOOK_SIGNATURE_INVALID");
        assertRefused(anonymous.send("POST", "/api/v1/webhooks/payments/stripe", raw, Map.of()),
                "WEBHOOK_SIGNATURE_MISSING");
        assertRefused(anonymous.send("POST", "/api/v1/webhooks/payments/stripe", raw,
                Map.of(WebhookSignature.HEADER, "v1=abc,t=yesterday")), "WEBHOOK_SIGNATURE_INVALID");
        // A session token is no substitute for the signature.
        assertRefused(admin.send("POST", "/api/v1/webhooks/payments/stripe", raw, Map.of()), "WEBHOOK_SIGNATURE_MISSING");

        assertThat(counts()).as("nothing but audit rows written").isEqualTo(before);
        assertThat(deniedWebhookAudits() - auditBefore).isEqualTo(7);
        var audits = server.database().jdbi().withHandle(h -> h.createQuery("""
                SELECT origin, details::text AS details FROM audit_log
                 WHERE action = 'PAYMENT_WEBHOOK' AND outcome = 'DENIED' ORDER BY id DESC LIMIT 7""").mapToMap().list());
        Set<String> reasons = new HashSet<>();
        for (var row : audits) {
            assertThat(row.get("origin")).as("where it came from").isNotNull();
            String details = (String) row.get("details");
            assertThat(details).doesNotContain(SECRET).doesNotContain(signedForOtherBody.substring(signedForOtherBody.indexOf("v1=") + 3));
            reasons.add(JSON.readTree(details).get("reason").asText());
        }
        assertThat(reasons).containsExactlyInAnyOrder("MISMATCH", "STALE", "MISSING", "MALFORMED");
        assertThat(balance(player)).isZero();
    }

    @Test
    void malformedBodiesAreRefusedNamingTheFieldAndWriteNothing() {
        String player = newPlayer();
        Map<String, Long> before = counts();
        Map<String, Object> good = charge("ch_bad_" + SEQUENCE.incrementAndGet(), player, 100, "succeeded");
        badBody(without(good, "chargeId"), 400, "chargeId");
        badBody(with(good, "chargeId", "has spaces in it"), 400, "chargeId");
        badBody(without(good, "playerId"), 400, "playerId");
        badBody(without(good, "amount"), 400, "amount");
        badBody(with(good, "amount", "a lot"), 400, "amount");
        badBody(with(good, "amount", -5), 400, "amount");
        badBody(with(good, "currency", "dollars"), 400, "currency");
        badBody(with(good, "status", "maybe"), 400, "status");
        badBody(without(good, "status"), 400, "status");
        badBody(with(good, "playerId", "nobody-" + SEQUENCE.incrementAndGet()), 422, "playerId");
        badBody(with(good, "currency", "EUR"), 422, "currency");
        Reply notJson = deliverRaw("stripe", SECRET, "{\"chargeId\": ", now());
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.at("/error/details/field")).isEqualTo("body");
        Reply badProvider = deliver("no such provider!", SECRET, good);
        assertThat(badProvider.status()).as(badProvider.text()).isEqualTo(400);
        assertThat(badProvider.at("/error/details/field")).isEqualTo("provider");
        assertThat(counts()).isEqualTo(before);
    }

    // ------------------------------------------------------------------ referral through a webhook deposit

    @Test
    void aWebhookDepositOfAReferredPlayerEarnsItsReferrerTenPercent() throws Exception {
        String referrer = newPlayer();
        String buyer = newPlayer();
        Reply self = admin.send("PUT", "/api/v1/players/" + referrer + "/referrer",
                JSON.writeValueAsString(Map.of("referrerId", referrer)), Map.of());
        assertThat(self.status()).as(self.text()).isEqualTo(422);
        assertThat(self.at("/error/details/field")).isEqualTo("referrerId");
        Reply linked = admin.send("PUT", "/api/v1/players/" + buyer + "/referrer",
                JSON.writeValueAsString(Map.of("referrerId", referrer)), Map.of());
        assertThat(linked.status()).as(linked.text()).isEqualTo(200);
        assertThat(linked.at("/referrerId")).isEqualTo(referrer);
        Reply loop = admin.send("PUT", "/api/v1/players/" + referrer + "/referrer",
                JSON.writeValueAsString(Map.of("referrerId", buyer)), Map.of());
        assertThat(loop.status()).as(loop.text()).isEqualTo(422);
        assertThat(loop.at("/error/code")).isEqualTo("REFERRAL_LOOP");

        Reply paid = deliver("stripe", SECRET, charge("ch_ref_" + SEQUENCE.incrementAndGet(), buyer, 12_345, "succeeded"));
        assertThat(paid.at("/orderStatus")).as(paid.text()).isEqualTo("APPROVED_EXECUTED");
        Reply referrals = null;
        for (long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos(); System.nanoTime() < deadline; ) {
            referrals = admin.get("/api/v1/players/" + referrer + "/referrals");
            if (referrals.body().get("items").size() == 1 && referrals.at("/items/0/status").equals("GRANTED")) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(referrals.at("/items/0/status")).as(referrals.text()).isEqualTo("GRANTED");
        assertThat(referrals.body().at("/items/0/amount").asLong()).isEqualTo(1_234);
        assertThat(referrals.body().get("level").asInt()).isEqualTo(1);
        assertThat(referrals.body().get("percent").asInt()).isEqualTo(10);
        assertThat(referrals.at("/items/0/orderId")).isEqualTo(paid.at("/orderId"));
        assertThat(balance(referrer)).isEqualTo(1_234);
        assertThat(admin.get("/api/v1/ledger/verify").body().get("balanced").asBoolean()).isTrue();
    }

    // ------------------------------------------------------------------ helpers

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static Map<String, Object> charge(String chargeId, String player, long amount, String status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chargeId", chargeId);
        body.put("playerId", player);
        body.put("amount", amount);
        body.put("currency", "USD");
        body.put("status", status);
        return body;
    }

    private static Reply deliver(String provider, String secret, Map<String, Object> body) {
        try {
            return deliverRaw(provider, secret, JSON.writeValueAsString(body), now());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Reply deliverRaw(String provider, String secret, String raw, long timestamp) {
        return anonymous.send("POST", "/api/v1/webhooks/payments/" + provider.replace(" ", "%20"), raw,
                Map.of(WebhookSignature.HEADER, WebhookSignature.header(secret, timestamp, raw)));
    }

    private static void badBody(Map<String, Object> body, int status, String field) {
        Reply reply = deliver("stripe", SECRET, body);
        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        assertThat(reply.at("/error/details/field")).as(reply.text()).isEqualTo(field);
    }

    private static void assertRefused(Reply reply, String code) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(401);
        assertThat(reply.at("/error/code")).isEqualTo(code);
    }

    private static String newPlayer() {
        String id = "wh-" + SEQUENCE.incrementAndGet();
        Reply created = admin.post("/api/v1/players", Map.of("id", id, "username", id, "currency", "USD"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return id;
    }

    private static long balance(String player) {
        return admin.get("/api/v1/players/" + player).body().get("balance").asLong();
    }

    /** A player's charges, orders and postings, with the player's id taken out so two players compare. */
    private static Map<String, Object> state(String player) {
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

    private static Map<String, Long> counts() {
        return server.database().jdbi().withHandle(h -> {
            Map<String, Long> counts = new TreeMap<>();
            for (String table : List.of("payment_deliveries", "orders", "order_history", "ledger_transactions",
                    "ledger_entries", "outbox_events")) {
                counts.put(table, h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
            }
            return counts;
        });
    }

    private static long deniedWebhookAudits() {
        return server.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM audit_log WHERE action = 'PAYMENT_WEBHOOK' AND outcome = 'DENIED'")
                .mapTo(Long.class).one());
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    private static Map<String, Object> without(Map<String, Object> body, String field) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.remove(field);
        return copy;
    }
}
