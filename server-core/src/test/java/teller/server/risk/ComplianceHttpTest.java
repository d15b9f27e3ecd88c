package teller.server.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestServer;

/**
 * Compliance over real HTTP: KYC gates the approval of withdrawals (as the product's default
 * configuration has it), and self-exclusion of each kind blocks deposits and game loads while it is
 * in force (at intake and at approval) and, for TEMPORARY and EXTENDED, no longer once it has ended.
 */
class ComplianceHttpTest {
    /** Short enough for the test to wait it out on the server's real clock. */
    private static final Duration SHORT_EXCLUSION = Duration.ofSeconds(3);
    private static final AtomicInteger PLAYERS = new AtomicInteger();
    static ServerCore server;
    static ApiClient admin;
    static ApiClient clerk;
    static ApiClient viewer;
    static Jdbi jdbi;

    @BeforeAll
    static void start() {
        server = TestServer.start(b -> b.sandboxProviders(true).risk(RiskSettings.none().withKycRequiredForWithdrawal(true)));
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        admin.post("/api/v1/operators", Map.of("username", "clerk", "password", "clerk-password-1", "roles", List.of("APPROVER")));
        admin.post("/api/v1/operators", Map.of("username", "watcher", "password", "watcher-password-1", "roles", List.of("VIEWER")));
        clerk = ApiClient.signedIn(server.baseUrl(), "clerk", "clerk-password-1");
        viewer = ApiClient.signedIn(server.baseUrl(), "watcher", "watcher-password-1");
        jdbi = server.database().jdbi();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String player(long funded) {
        String id = "cmp-" + PLAYERS.incrementAndGet();
        assertThat(admin.post("/api/v1/players", Map.of("id", id, "username", id, "currency", "USD")).status()).isEqualTo(201);
        if (funded > 0) {
            Reply approved = approve(submit("DEPOSIT", id, funded).at("/id"));
            assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        }
        return id;
    }

    private static Reply submit(String type, String playerId, long amount) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("playerId", playerId);
        body.put("amount", amount);
        body.put("currency", "USD");
        if ("GAME_LOAD".equals(type)) {
            body.put("gameName", "pusoy");
        }
        return clerk.post("/api/v1/orders", body);
    }

    private static Reply approve(String orderId) {
        return admin.post("/api/v1/orders/" + orderId + "/approve", Map.of("note", "checked"));
    }

    private static Reply kyc(String playerId, String status) {
        return admin.post("/api/v1/players/" + playerId + "/kyc", Map.of("status", status));
    }

    private static Reply exclude(String playerId, String type, Instant until) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        if (until != null) {
            body.put("until", until.toString());
        }
        return clerk.post("/api/v1/players/" + playerId + "/exclusion", body);
    }

    private static void assertRefused(Reply reply, String code, String rule) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(422);
        assertThat(reply.at("/error/code")).isEqualTo(code);
        assertThat(reply.at("/error/details/rule")).isEqualTo(rule);
    }

    private static long count(String sql, String playerId) {
        return jdbi.withHandle(h -> h.createQuery(sql).bind("p", playerId).mapTo(Long.class).one());
    }

    // ---------------------------------------------------------------- KYC

    @Test
    void aWithdrawalIsApprovedOnlyOnceThePlayersKycIsVerified() {
        String p = player(1_000);
        String withdrawal = submit("WITHDRAWAL", p, 200).at("/id");
        for (String status : List.of("NONE", "PENDING", "REJECTED")) {
            if (!status.equals("NONE")) {
                assertThat(kyc(p, status).status()).isEqualTo(200);
            }
            Reply refused = approve(withdrawal);
            assertRefused(refused, "KYC_NOT_VERIFIED", "KYC");
            assertThat(refused.at("/error/details/kycStatus")).isEqualTo(status);
            assertThat(admin.get("/api/v1/orders/" + withdrawal).at("/status")).isEqualTo("PENDING_REVIEW");
        }
        Reply verified = kyc(p, "VERIFIED");
        assertThat(verified.status()).as(verified.text()).isEqualTo(200);
        assertThat(verified.at("/kycStatus")).isEqualTo("VERIFIED");
        Reply approved = approve(withdrawal);
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.at("/status")).isEqualTo("APPROVED_EXECUTED");
        assertThat(admin.get("/api/v1/players/" + p).body().get("balance").asLong()).isEqualTo(800);
    }

    @Test
    void kycDoesNotGateDepositsOrGameLoads() {
        String p = player(1_000);
        Reply load = approve(submit("GAME_LOAD", p, 100).at("/id"));
        assertThat(load.status()).as(load.text()).isEqualTo(200);
    }

    @Test
    void kycChangesAreAuditedAnnouncedAndOnlyForSupervisors() {
        String p = player(0);
        assertThat(kyc(p, "PENDING").status()).isEqualTo(200);
        assertThat(kyc(p, "VERIFIED").status()).isEqualTo(200);
        assertThat(jdbi.<List<String>, RuntimeException>withHandle(h -> h.createQuery("""
                        SELECT (details->>'before') || '->' || (details->>'after') FROM audit_log
                         WHERE action = 'PLAYER_KYC_SET' AND resource_id = :p ORDER BY id""").bind("p", p)
                .mapTo(String.class).list())).containsExactly("NONE->PENDING", "PENDING->VERIFIED");
        assertThat(count("SELECT count(*) FROM outbox_events WHERE event_type = 'PLAYER_KYC_CHANGED' AND aggregate_id = :p", p))
                .isEqualTo(2);
        assertThat(clerk.post("/api/v1/players/" + p + "/kyc", Map.of("status", "REJECTED")).status()).isEqualTo(403);
        Reply bad = kyc(p, "MAYBE");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.at("/error/details/field")).isEqualTo("status");
        assertThat(kyc("no-such-player", "VERIFIED").status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/players/" + p).at("/kycStatus")).isEqualTo("VERIFIED");
    }

    // ---------------------------------------------------------------- self-exclusion

    @Test
    void aTemporaryExclusionBlocksDepositsAndGameLoadsUntilItsEnd() throws InterruptedException {
        blockedWhileInForceThenAllowed("TEMPORARY");
    }

    @Test
    void anExtendedExclusionBlocksDepositsAndGameLoadsUntilItsEnd() throws InterruptedException {
        blockedWhileInForceThenAllowed("EXTENDED");
    }

    private void blockedWhileInForceThenAllowed(String type) throws InterruptedException {
        String p = player(1_000);
        String pendingDeposit = submit("DEPOSIT", p, 50).at("/id");
        String pendingLoad = submit("GAME_LOAD", p, 50).at("/id");
        Instant until = Instant.now().plus(SHORT_EXCLUSION).truncatedTo(ChronoUnit.MILLIS);
        Reply excluded = exclude(p, type, until);
        assertThat(excluded.status()).as(excluded.text()).isEqualTo(200);
        assertThat(excluded.at("/status")).isEqualTo("SELF_EXCLUDED");
        assertThat(excluded.at("/exclusion/type")).isEqualTo(type);
        assertThat(Instant.parse(excluded.at("/exclusion/until"))).isEqualTo(until);
        assertThat(excluded.body().at("/exclusion/active").asBoolean()).isTrue();

        // While in force: no new deposit or game load is taken in, and pending ones are not approved.
        long ordersBefore = count("SELECT count(*) FROM orders WHERE player_id = :p", p);
        assertRefused(submit("DEPOSIT", p, 10), "PLAYER_SELF_EXCLUDED", "SELF_EXCLUSION");
        assertRefused(submit("GAME_LOAD", p, 10), "PLAYER_SELF_EXCLUDED", "SELF_EXCLUSION");
        assertThat(count("SELECT count(*) FROM orders WHERE player_id = :p", p)).isEqualTo(ordersBefore);
        assertRefused(approve(pendingDeposit), "PLAYER_SELF_EXCLUDED", "SELF_EXCLUSION");
        assertRefused(approve(pendingLoad), "PLAYER_SELF_EXCLUDED", "SELF_EXCLUSION");
        assertThat(admin.get("/api/v1/players/" + p).body().get("balance").asLong()).isEqualTo(1_000);
        // A withdrawal (the player taking money out) is not what exclusion blocks.
        assertThat(submit("WITHDRAWAL", p, 10).status()).isEqualTo(201);

        // After its end, on the server's own clock.
        long waitMillis = Duration.between(Instant.now(), until).toMillis() + 200;
        Thread.sleep(Math.max(0, waitMillis));
        Reply after = admin.get("/api/v1/players/" + p);
        assertThat(after.at("/status")).isEqualTo("ACTIVE");
        assertThat(after.body().at("/exclusion/active").asBoolean()).isFalse();
        Reply deposit = submit("DEPOSIT", p, 10);
        assertThat(deposit.status()).as(deposit.text()).isEqualTo(201);
        assertThat(approve(deposit.at("/id")).status()).isEqualTo(200);
        assertThat(approve(pendingDeposit).status()).isEqualTo(200);
        Reply load = approve(pendingLoad);
        assertThat(load.status()).as(load.text()).isEqualTo(200);
        assertThat(load.at("/status")).isEqualTo("APPROVED_EXECUTED");
    }

    @Test
    void aPermanentExclusionHasNoEndAndCannotBeShortenedOrLifted() {
        String p = player(1_000);
        Reply withEnd = exclude(p, "PERMANENT", Instant.now().plus(Duration.ofDays(1)));
        assertThat(withEnd.status()).isEqualTo(400);
        assertThat(withEnd.at("/error/details/field")).isEqualTo("until");

        Reply excluded = exclude(p, "PERMANENT", null);
        assertThat(excluded.status()).as(excluded.text()).isEqualTo(200);
        assertThat(excluded.body().at("/exclusion/until").isNull()).isTrue();
        assertRefused(submit("DEPOSIT", p, 10), "PLAYER_SELF_EXCLUDED", "SELF_EXCLUSION");
        assertRefused(submit("GAME_LOAD", p, 10), "PLAYER_SELF_EXCLUDED", "SELF_EXCLUSION");

        Reply shorten = exclude(p, "TEMPORARY", Instant.now().plus(Duration.ofDays(365)));
        assertRefused(shorten, "EXCLUSION_CANNOT_BE_SHORTENED", "SELF_EXCLUSION");
        assertThat(admin.get("/api/v1/players/" + p).at("/exclusion/type")).isEqualTo("PERMANENT");
    }

    @Test
    void anExclusionInForceCanBeLengthenedButNotShortened() {
        String p = player(0);
        Instant inTenDays = Instant.now().plus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS);
        assertThat(exclude(p, "TEMPORARY", inTenDays).status()).isEqualTo(200);
        assertRefused(exclude(p, "TEMPORARY", inTenDays.minus(Duration.ofDays(1))), "EXCLUSION_CANNOT_BE_SHORTENED",
                "SELF_EXCLUSION");
        Reply longer = exclude(p, "EXTENDED", inTenDays.plus(Duration.ofDays(180)));
        assertThat(longer.status()).as(longer.text()).isEqualTo(200);
        assertThat(longer.at("/exclusion/type")).isEqualTo("EXTENDED");
        assertThat(exclude(p, "PERMANENT", null).status()).isEqualTo(200);

        assertThat(jdbi.<List<String>, RuntimeException>withHandle(h -> h.createQuery("""
                        SELECT details->>'after' FROM audit_log WHERE action = 'PLAYER_EXCLUSION_SET' AND resource_id = :p
                         ORDER BY id""").bind("p", p).mapTo(String.class).list()))
                .hasSize(3).last().isEqualTo("PERMANENT");
        assertThat(count("SELECT count(*) FROM outbox_events WHERE event_type = 'PLAYER_EXCLUDED' AND aggregate_id = :p", p))
                .isEqualTo(3);
    }

    @Test
    void anExclusionNeedsAFutureEndUnlessPermanentAndAnOperatorWhoMayDecide() {
        String p = player(0);
        Reply noEnd = exclude(p, "TEMPORARY", null);
        assertThat(noEnd.status()).isEqualTo(400);
        assertThat(noEnd.at("/error/details/field")).isEqualTo("until");
        Reply past = exclude(p, "EXTENDED", Instant.now().minus(Duration.ofMinutes(1)));
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.at("/error/details/field")).isEqualTo("until");
        Reply badType = exclude(p, "FOREVER-ISH", null);
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.at("/error/details/field")).isEqualTo("type");
        Reply garbled = clerk.post("/api/v1/players/" + p + "/exclusion", Map.of("type", "TEMPORARY", "until", "tomorrow"));
        assertThat(garbled.status()).isEqualTo(400);
        assertThat(viewer.post("/api/v1/players/" + p + "/exclusion",
                Map.of("type", "PERMANENT")).status()).isEqualTo(403);
        assertThat(exclude("no-such-player", "PERMANENT", null).status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/players/" + p).body().get("exclusion").isNull()).isTrue();
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'PLAYER_EXCLUSION_SET' AND resource_id = :p", p))
                .isZero();
    }
}
