package teller.server.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * Limits over real HTTP and the real database: every order carries its limit checks, each limit
 * refuses an approval that would pass it (422 naming the rule, the order left pending) and allows
 * one that just reaches it; per-player overrides are set by a supervisor and audited; and limits
 * hold under concurrent approvals, including group-committed deposits.
 */
class LimitsHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEFAULT_DAILY_DEPOSIT_LIMIT = 100_000;
    private static final AtomicInteger PLAYERS = new AtomicInteger();
    static ServerCore server;
    static ApiClient admin;
    static ApiClient supervisor;
    static ApiClient clerk;
    static Jdbi jdbi;

    @BeforeAll
    static void start() {
        server = TestServer.start(b -> b.sandboxProviders(true)
                .risk(RiskSettings.none().withDefault(LimitRule.DAILY_DEPOSIT_LIMIT, DEFAULT_DAILY_DEPOSIT_LIMIT)));
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        admin.post("/api/v1/operators", Map.of("username", "clerk", "password", "clerk-password-1", "roles", List.of("APPROVER")));
        admin.post("/api/v1/operators", Map.of("username", "sup", "password", "sup-password-1", "roles", List.of("SUPERVISOR")));
        clerk = ApiClient.signedIn(server.baseUrl(), "clerk", "clerk-password-1");
        supervisor = ApiClient.signedIn(server.baseUrl(), "sup", "sup-password-1");
        jdbi = server.database().jdbi();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---------------------------------------------------------------- helpers

    /** A player with {@code funded} in the wallet and these overrides (rule -> value). */
    private static String player(long funded, Map<String, Object> overrides) {
        String id = "lim-" + PLAYERS.incrementAndGet();
        assertThat(admin.post("/api/v1/players", Map.of("id", id, "username", id, "currency", "USD")).status()).isEqualTo(201);
        if (funded > 0) {
            Reply approved = approve(order("DEPOSIT", id, funded));
            assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        }
        if (!overrides.isEmpty()) {
            Reply set = putLimits(supervisor, id, overrides);
            assertThat(set.status()).as(set.text()).isEqualTo(200);
        }
        return id;
    }

    private static Reply putLimits(ApiClient who, String playerId, Object body) {
        try {
            return who.send("PUT", "/api/v1/players/" + playerId + "/limits", JSON.writeValueAsString(body), Map.of());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
        Reply reply = clerk.post("/api/v1/orders", body);
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        return reply;
    }

    private static String order(String type, String playerId, long amount) {
        return submit(type, playerId, amount).at("/id");
    }

    private static Reply approve(String orderId) {
        return admin.post("/api/v1/orders/" + orderId + "/approve", Map.of("note", "checked"));
    }

    private static void assertRefusedBy(Reply reply, String rule) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(422);
        assertThat(reply.at("/error/code")).isEqualTo("LIMIT_EXCEEDED");
        assertThat(reply.at("/error/details/rule")).isEqualTo(rule);
        assertThat(reply.at("/error/message")).contains(rule);
    }

    private static void assertExecuted(Reply reply) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        assertThat(reply.at("/status")).isEqualTo("APPROVED_EXECUTED");
    }

    /** Moves an approved order's approval back in time, as if it happened {@code interval} ago. */
    private static void approvedAgo(String orderId, String interval) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE orders SET approved_at = now() - CAST(:i AS interval) WHERE id = :id")
                .bind("i", interval).bind("id", Long.parseLong(orderId)).execute());
    }

    private static JsonNode check(JsonNode order, String phase, String rule) {
        JsonNode found = null;
        for (JsonNode c : order.get("limitChecks")) {
            if (c.get("phase").asText().equals(phase) && c.get("rule").asText().equals(rule)) {
                found = c; // the latest of that phase
            }
        }
        assertThat(found).as(phase + " check of " + rule + " in " + order).isNotNull();
        return found;
    }

    // ---------------------------------------------------------------- checks carried by orders

    @Test
    void everyOrderCarriesTheResultOfEachLimitOfItsTypeFromIntake() {
        String p = player(1_000, Map.of("MAX_BET_AMOUNT", 500));
        Reply load = submit("GAME_LOAD", p, 300);
        List<String> rules = new ArrayList<>();
        load.body().get("limitChecks").forEach(c -> {
            assertThat(c.get("phase").asText()).isEqualTo("INTAKE");
            rules.add(c.get("rule").asText());
        });
        assertThat(rules).containsExactly("DAILY_LOSS_LIMIT", "WEEKLY_LOSS_LIMIT", "MONTHLY_LOSS_LIMIT", "MAX_BET_AMOUNT");
        JsonNode maxBet = check(load.body(), "INTAKE", "MAX_BET_AMOUNT");
        assertThat(maxBet.get("limit").asLong()).isEqualTo(500);
        assertThat(maxBet.get("current").asLong()).isEqualTo(300);
        assertThat(maxBet.get("outcome").asText()).isEqualTo("PASS");
        assertThat(check(load.body(), "INTAKE", "DAILY_LOSS_LIMIT").get("outcome").asText()).isEqualTo("NO_LIMIT");

        Reply detail = admin.get("/api/v1/orders/" + load.at("/id"));
        assertThat(detail.body().get("limitChecks")).hasSize(4);
        assertExecuted(approve(load.at("/id")));
        assertThat(admin.get("/api/v1/orders/" + load.at("/id")).body().get("limitChecks")).hasSize(8);
    }

    @Test
    void anOrderOverALimitIsStillTakenInWithTheFailedCheckForTheOperatorToSee() {
        String p = player(0, Map.of("DAILY_DEPOSIT_LIMIT", 1_000));
        Reply big = submit("DEPOSIT", p, 1_001);
        JsonNode c = check(big.body(), "INTAKE", "DAILY_DEPOSIT_LIMIT");
        assertThat(c.get("outcome").asText()).isEqualTo("FAIL");
        assertThat(c.get("current").asLong()).isEqualTo(1_001);
        assertThat(big.at("/status")).isEqualTo("PENDING_REVIEW");
    }

    // ---------------------------------------------------------------- each limit at approval

    @Test
    void dailyDepositLimitRefusesTheApprovalThatWouldPassItAndAllowsTheOneThatReachesIt() {
        String p = player(0, Map.of("DAILY_DEPOSIT_LIMIT", 1_000));
        assertExecuted(approve(order("DEPOSIT", p, 600)));
        String over = order("DEPOSIT", p, 401);
        Reply refused = approve(over);
        assertRefusedBy(refused, "DAILY_DEPOSIT_LIMIT");
        assertThat(refused.body().at("/error/details/limit").asLong()).isEqualTo(1_000);
        assertThat(refused.body().at("/error/details/current").asLong()).isEqualTo(1_001);

        JsonNode detail = admin.get("/api/v1/orders/" + over).body();
        assertThat(detail.get("status").asText()).isEqualTo("PENDING_REVIEW");
        assertThat(check(detail, "APPROVAL", "DAILY_DEPOSIT_LIMIT").get("outcome").asText()).isEqualTo("FAIL");
        assertThat(jdbi.<List<String>, RuntimeException>withHandle(h -> h.createQuery("""
                        SELECT outcome || ' ' || (details->>'rule') FROM audit_log
                         WHERE action = 'ORDER_APPROVE' AND resource_id = :id""").bind("id", over).mapTo(String.class).list()))
                .containsExactly("DENIED DAILY_DEPOSIT_LIMIT");

        assertExecuted(approve(order("DEPOSIT", p, 400)));
        assertThat(admin.get("/api/v1/players/" + p).body().get("balance").asLong()).isEqualTo(1_000);
        // The refused one stays refused: the day's deposits are now at the limit.
        assertRefusedBy(approve(over), "DAILY_DEPOSIT_LIMIT");
    }

    @Test
    void theEnvironmentDefaultAppliesToAPlayerWithoutAnOverride() {
        String p = player(0, Map.of());
        String over = order("DEPOSIT", p, DEFAULT_DAILY_DEPOSIT_LIMIT + 1);
        assertRefusedBy(approve(over), "DAILY_DEPOSIT_LIMIT");
        assertExecuted(approve(order("DEPOSIT", p, DEFAULT_DAILY_DEPOSIT_LIMIT)));
    }

    @Test
    void dailyLossLimitRefusesAGameLoadThatWouldPassIt() {
        String p = player(5_000, Map.of("DAILY_LOSS_LIMIT", 1_000));
        assertExecuted(approve(order("GAME_LOAD", p, 600)));
        assertRefusedBy(approve(order("GAME_LOAD", p, 401)), "DAILY_LOSS_LIMIT");
        assertExecuted(approve(order("GAME_LOAD", p, 400)));
    }

    @Test
    void aWithdrawalWinsBackLossAllowance() {
        String p = player(5_000, Map.of("DAILY_LOSS_LIMIT", 1_000));
        assertExecuted(approve(order("GAME_LOAD", p, 1_000)));
        assertRefusedBy(approve(order("GAME_LOAD", p, 1)), "DAILY_LOSS_LIMIT");
        assertExecuted(approve(order("WITHDRAWAL", p, 300)));
        assertExecuted(approve(order("GAME_LOAD", p, 300)));
    }

    @Test
    void weeklyLossLimitCountsLoadsOlderThanADay() {
        String p = player(5_000, Map.of("WEEKLY_LOSS_LIMIT", 1_000, "DAILY_LOSS_LIMIT", 1_000));
        String old = order("GAME_LOAD", p, 600);
        assertExecuted(approve(old));
        approvedAgo(old, "3 days");
        Reply refused = approve(order("GAME_LOAD", p, 401));
        assertRefusedBy(refused, "WEEKLY_LOSS_LIMIT");
        assertExecuted(approve(order("GAME_LOAD", p, 400)));
        approvedAgo(old, "8 days");
        assertExecuted(approve(order("GAME_LOAD", p, 600)));
    }

    @Test
    void monthlyLossLimitCountsLoadsOlderThanAWeek() {
        String p = player(5_000, Map.of("MONTHLY_LOSS_LIMIT", 1_000, "WEEKLY_LOSS_LIMIT", 1_000));
        String old = order("GAME_LOAD", p, 600);
        assertExecuted(approve(old));
        approvedAgo(old, "10 days");
        assertRefusedBy(approve(order("GAME_LOAD", p, 401)), "MONTHLY_LOSS_LIMIT");
        assertExecuted(approve(order("GAME_LOAD", p, 400)));
        approvedAgo(old, "31 days");
        assertExecuted(approve(order("GAME_LOAD", p, 600)));
    }

    @Test
    void maxBetAmountRefusesALargerGameLoad() {
        String p = player(5_000, Map.of("MAX_BET_AMOUNT", 250));
        assertRefusedBy(approve(order("GAME_LOAD", p, 251)), "MAX_BET_AMOUNT");
        assertExecuted(approve(order("GAME_LOAD", p, 250)));
    }

    @Test
    void maxPayoutAmountRefusesALargerWithdrawal() {
        String p = player(5_000, Map.of("MAX_PAYOUT_AMOUNT", 900));
        assertRefusedBy(approve(order("WITHDRAWAL", p, 901)), "MAX_PAYOUT_AMOUNT");
        assertExecuted(approve(order("WITHDRAWAL", p, 900)));
    }

    @Test
    void withdrawalCooldownRefusesASecondWithdrawalUntilItHasPassed() {
        String p = player(5_000, Map.of("WITHDRAWAL_COOLDOWN_SECONDS", 3_600));
        String first = order("WITHDRAWAL", p, 100);
        assertExecuted(approve(first));
        String second = order("WITHDRAWAL", p, 100);
        assertRefusedBy(approve(second), "WITHDRAWAL_COOLDOWN_SECONDS");
        approvedAgo(first, "3599 seconds");
        assertRefusedBy(approve(second), "WITHDRAWAL_COOLDOWN_SECONDS");
        approvedAgo(first, "3600 seconds");
        assertExecuted(approve(second));
    }

    // ---------------------------------------------------------------- overrides

    @Test
    void aSupervisorReplacesOverridesAndEveryChangeIsAuditedAndAnnounced() {
        String p = player(0, Map.of());
        Reply set = putLimits(supervisor, p, Map.of("MAX_BET_AMOUNT", 700, "DAILY_DEPOSIT_LIMIT", 5_000));
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        Map<String, JsonNode> limits = new LinkedHashMap<>();
        set.body().get("limits").forEach(l -> limits.put(l.get("rule").asText(), l));
        assertThat(limits).hasSize(7);
        assertThat(limits.get("MAX_BET_AMOUNT").get("override").asLong()).isEqualTo(700);
        assertThat(limits.get("MAX_BET_AMOUNT").get("effective").asLong()).isEqualTo(700);
        assertThat(limits.get("DAILY_DEPOSIT_LIMIT").get("defaultValue").asLong()).isEqualTo(DEFAULT_DAILY_DEPOSIT_LIMIT);
        assertThat(limits.get("DAILY_DEPOSIT_LIMIT").get("effective").asLong()).isEqualTo(5_000);
        assertThat(limits.get("MAX_PAYOUT_AMOUNT").get("effective").isNull()).isTrue();

        // PUT replaces: a rule left out (or null) falls back to its default.
        Reply reset = putLimits(supervisor, p, new LinkedHashMap<>(Map.of("MAX_BET_AMOUNT", 800)));
        assertThat(reset.status()).isEqualTo(200);
        JsonNode player = admin.get("/api/v1/players/" + p).body();
        player.get("limits").forEach(l -> {
            if (l.get("rule").asText().equals("DAILY_DEPOSIT_LIMIT")) {
                assertThat(l.get("override").isNull()).isTrue();
                assertThat(l.get("effective").asLong()).isEqualTo(DEFAULT_DAILY_DEPOSIT_LIMIT);
            }
        });

        List<String> audit = jdbi.withHandle(h -> h.createQuery("""
                        SELECT details::text FROM audit_log WHERE action = 'PLAYER_LIMITS_SET' AND resource_id = :p ORDER BY id""")
                .bind("p", p).mapTo(String.class).list());
        assertThat(audit).hasSize(2);
        assertThat(audit.get(1)).contains("\"before\"", "\"after\"", "DAILY_DEPOSIT_LIMIT");
        assertThat(jdbi.<Integer, RuntimeException>withHandle(h -> h.createQuery("""
                        SELECT count(*) FROM outbox_events WHERE event_type = 'PLAYER_LIMITS_CHANGED' AND aggregate_id = :p""")
                .bind("p", p).mapTo(Integer.class).one())).isEqualTo(2);
    }

    @Test
    void onlyASupervisorMaySetLimitsAndBadValuesAreRefusedNamingTheRule() {
        String p = player(0, Map.of());
        assertThat(putLimits(clerk, p, Map.of("MAX_BET_AMOUNT", 1)).status()).isEqualTo(403);
        Reply unknownRule = putLimits(supervisor, p, Map.of("MAX_FUN", 1));
        assertThat(unknownRule.status()).isEqualTo(400);
        assertThat(unknownRule.at("/error/details/field")).isEqualTo("MAX_FUN");
        Reply negative = putLimits(supervisor, p, Map.of("MAX_BET_AMOUNT", -5));
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.at("/error/details/field")).isEqualTo("MAX_BET_AMOUNT");
        Reply fraction = putLimits(supervisor, p, Map.of("MAX_BET_AMOUNT", 1.5));
        assertThat(fraction.status()).isEqualTo(400);
        assertThat(putLimits(supervisor, "no-such-player", Map.of("MAX_BET_AMOUNT", 1)).status()).isEqualTo(404);
        assertThat(jdbi.<Integer, RuntimeException>withHandle(h -> h.createQuery("SELECT count(*) FROM player_limits WHERE player_id = :p")
                .bind("p", p).mapTo(Integer.class).one())).isZero();
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void concurrentDepositApprovalsBatchedTogetherNeverCarryAPlayerPastTheLimit() throws Exception {
        String p = player(0, Map.of("DAILY_DEPOSIT_LIMIT", 1_000));
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            orders.add(order("DEPOSIT", p, 150));
        }
        List<Integer> statuses = approveAll(orders);
        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(6);
        assertThat(statuses.stream().filter(s -> s == 422).count()).isEqualTo(4);
        assertThat(admin.get("/api/v1/players/" + p).body().get("balance").asLong()).isEqualTo(900);
    }

    @Test
    void concurrentGameLoadApprovalsNeverCarryAPlayerPastALossLimit() throws Exception {
        String p = player(5_000, Map.of("DAILY_LOSS_LIMIT", 1_000));
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            orders.add(order("GAME_LOAD", p, 300));
        }
        List<Integer> statuses = approveAll(orders);
        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(3);
        assertThat(statuses.stream().filter(s -> s == 422).count()).isEqualTo(2);
        assertThat(admin.get("/api/v1/players/" + p).body().get("balance").asLong()).isEqualTo(4_100);
    }

    private static List<Integer> approveAll(List<String> orders) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(orders.size());
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (String id : orders) {
                calls.add(() -> approve(id).status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }
}
