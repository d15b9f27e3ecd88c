package teller.server.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestServer;

/**
 * Maker-checker over real HTTP: nobody approves what they entered, not even from two sessions at
 * once; orders at or above a currency's threshold need two different approvers ("1 of 2"), however
 * the approvals race; per-operator caps; and only an administrator changes these settings, audited.
 * Each test uses its own currency so the settings of one do not touch another.
 */
class MakerCheckerHttpTest {
    private static final int RACERS = 8;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    static ServerCore server;
    static ApiClient admin;
    static ApiClient maker;
    static ApiClient first;
    static ApiClient second;
    static ApiClient supervisor;
    static final ExecutorService pool = Executors.newFixedThreadPool(RACERS);

    @BeforeAll
    static void start() {
        // Game loads execute through the SANDBOX provider: an unconfigured one refuses approvals (decision 0061).
        server = TestServer.start(b -> b.sandboxProviders(true));
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        maker = operator("maker", "APPROVER");
        first = operator("first", "APPROVER");
        second = operator("second", "APPROVER");
        supervisor = operator("sup", "SUPERVISOR");
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
        server.close();
    }

    @Test
    void theMakerCannotApproveTheirOrderEvenFromTwoSessionsAtOnce() throws Exception {
        String order = submit(newPlayer("USD"), "USD", 700);
        ApiClient otherSession = ApiClient.signedIn(server.baseUrl(), "maker", "maker-password");
        List<Reply> replies = race(i -> (i % 2 == 0 ? maker : otherSession).post("/api/v1/orders/" + order + "/approve",
                Map.of()));
        assertThat(replies).allSatisfy(r -> {
            assertThat(r.status()).as(r.text()).isEqualTo(403);
            assertThat(r.at("/error/code")).isEqualTo("SELF_APPROVAL");
        });
        assertThat(status(order)).isEqualTo("PENDING_REVIEW");
        assertThat(count("SELECT count(*) FROM ledger_transactions WHERE order_id = " + order)).isZero();
        assertThat(count("SELECT count(*) FROM audit_log WHERE resource_id = '" + order + "' AND outcome = 'DENIED'"))
                .isEqualTo(RACERS);
        assertThat(first.post("/api/v1/orders/" + order + "/approve", Map.of()).at("/status"))
                .isEqualTo("APPROVED_EXECUTED");
    }

    @Test
    void theMakerCannotGiveTheSecondApprovalOfALargeOrderEvenFromTwoSessionsAtOnce() throws Exception {
        setThreshold("SEK", 1_000L);
        String order = submit(newPlayer("SEK"), "SEK", 5_000);
        Reply one = first.post("/api/v1/orders/" + order + "/approve", Map.of());
        assertThat(one.at("/approvals/label")).as(one.text()).isEqualTo("1 of 2");
        ApiClient otherSession = ApiClient.signedIn(server.baseUrl(), "maker", "maker-password");

        List<Reply> replies = race(i -> (i % 2 == 0 ? maker : otherSession).post("/api/v1/orders/" + order + "/approve",
                Map.of()));

        assertThat(replies).allSatisfy(r -> {
            assertThat(r.status()).as(r.text()).isEqualTo(403);
            assertThat(r.at("/error/code")).isEqualTo("SELF_APPROVAL");
        });
        assertThat(status(order)).isEqualTo("PENDING_REVIEW");
        assertThat(supervisor.get("/api/v1/orders/" + order).at("/approvals/label")).isEqualTo("1 of 2");
        assertThat(count("SELECT count(*) FROM ledger_transactions WHERE order_id = " + order)).isZero();
        Reply two = second.post("/api/v1/orders/" + order + "/approve", Map.of());
        assertThat(two.at("/status")).as(two.text()).isEqualTo("APPROVED_EXECUTED");
    }

    @Test
    void anOrderAtTheThresholdNeedsTwoDifferentApproversAndShowsOneOfTwo() {
        setThreshold("EUR", 10_000L);
        String player = newPlayer("EUR");
        String large = submit(player, "EUR", 10_000);

        Reply one = first.post("/api/v1/orders/" + large + "/approve", Map.of("note", "proof checked"));
        assertThat(one.status()).as(one.text()).isEqualTo(200);
        assertThat(one.at("/status")).isEqualTo("PENDING_REVIEW");
        assertThat(one.at("/approvals/label")).isEqualTo("1 of 2");
        assertThat(supervisor.get("/api/v1/orders/" + large).at("/approvals/label")).isEqualTo("1 of 2");
        Reply queue = supervisor.get("/api/v1/orders?status=PENDING_REVIEW&playerId=" + player);
        assertThat(queue.at("/items/0/id")).isEqualTo(large);
        assertThat(queue.at("/items/0/approvals/label")).as("the queue shows it too").isEqualTo("1 of 2");

        Reply again = first.post("/api/v1/orders/" + large + "/approve", Map.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.at("/error/code")).isEqualTo("APPROVAL_ALREADY_GIVEN");
        assertThat(maker.post("/api/v1/orders/" + large + "/approve", Map.of()).status()).as("still not the maker")
                .isEqualTo(403);

        Reply two = second.post("/api/v1/orders/" + large + "/approve", Map.of());
        assertThat(two.status()).as(two.text()).isEqualTo(200);
        assertThat(two.at("/status")).isEqualTo("APPROVED_EXECUTED");
        assertThat(two.at("/approvals/label")).isEqualTo("2 of 2");
        assertThat(two.body().at("/approvals/by").size()).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM audit_log WHERE resource_id = '" + large
                + "' AND action IN ('ORDER_APPROVE_FIRST', 'ORDER_APPROVE')")).isEqualTo(2);

        String small = submit(player, "EUR", 9_999);
        Reply single = first.post("/api/v1/orders/" + small + "/approve", Map.of());
        assertThat(single.at("/status")).isEqualTo("APPROVED_EXECUTED");
        assertThat(single.at("/approvals/label")).isEqualTo("1 of 1");
    }

    @Test
    void aLargeGameLoadAlsoWaitsForItsSecondApproverBeforeAnythingIsHeld() {
        setThreshold("SEK", 1_000L);
        String player = newPlayer("SEK");
        String deposit = submit(player, "SEK", 3_000);
        assertThat(first.post("/api/v1/orders/" + deposit + "/approve", Map.of()).at("/approvals/label")).isEqualTo("1 of 2");
        assertThat(second.post("/api/v1/orders/" + deposit + "/approve", Map.of()).at("/status"))
                .isEqualTo("APPROVED_EXECUTED");
        Map<String, Object> body = new HashMap<>(Map.of("type", "GAME_LOAD", "playerId", player, "amount", 1_000,
                "currency", "SEK", "gameName", "pusoy", "source", Map.of("channel", "PORTAL")));
        Reply load = maker.post("/api/v1/orders", body);
        assertThat(load.status()).as(load.text()).isEqualTo(201);

        Reply one = first.post("/api/v1/orders/" + load.at("/id") + "/approve", Map.of());
        assertThat(one.status()).as(one.text()).isEqualTo(200);
        assertThat(one.at("/status")).isEqualTo("PENDING_REVIEW");
        assertThat(one.at("/approvals/label")).isEqualTo("1 of 2");
        assertThat(count("SELECT count(*) FROM ledger_transactions WHERE order_id = " + load.at("/id")))
                .as("no hold before the second approval").isZero();

        Reply two = second.post("/api/v1/orders/" + load.at("/id") + "/approve", Map.of());
        assertThat(two.status()).as(two.text()).isEqualTo(200);
        assertThat(two.at("/status")).isEqualTo("APPROVED_EXECUTED");
        assertThat(two.at("/approvedById")).isEqualTo(second.get("/api/v1/me").at("/id"));
        assertThat(two.at("/approvals/label")).isEqualTo("2 of 2");
    }

    @Test
    void oneApproverInManySessionsAtOnceGivesOneApprovalOnly() throws Exception {
        setThreshold("JPY", 500L);
        String order = submit(newPlayer("JPY"), "JPY", 800);
        ApiClient otherSession = ApiClient.signedIn(server.baseUrl(), "first", "first-password");
        List<Reply> replies = race(i -> (i % 2 == 0 ? first : otherSession).post("/api/v1/orders/" + order + "/approve",
                Map.of()));
        assertThat(replies).filteredOn(r -> r.status() == 200).hasSize(1);
        assertThat(replies).filteredOn(r -> r.status() == 409)
                .hasSize(RACERS - 1)
                .allSatisfy(r -> assertThat(r.at("/error/code")).isEqualTo("APPROVAL_ALREADY_GIVEN"));
        assertThat(status(order)).isEqualTo("PENDING_REVIEW");
        assertThat(count("SELECT count(*) FROM order_approvals WHERE order_id = " + order)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM ledger_transactions WHERE order_id = " + order)).isZero();
    }

    @Test
    void twoApproversRacingGiveBothApprovalsAndTheOrderPostsOnce() throws Exception {
        setThreshold("CHF", 100L);
        String player = newPlayer("CHF");
        for (int round = 0; round < 3; round++) {
            String order = submit(player, "CHF", 250);
            List<Reply> replies = race(i -> (i % 2 == 0 ? first : second).post("/api/v1/orders/" + order + "/approve",
                    Map.of()));
            assertThat(replies).allSatisfy(r -> assertThat(r.status()).as(r.text()).isIn(200, 409));
            assertThat(status(order)).isEqualTo("APPROVED_EXECUTED");
            assertThat(count("SELECT count(*) FROM ledger_transactions WHERE order_id = " + order)).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM order_approvals a JOIN orders o ON o.id = a.order_id "
                    + "WHERE o.id = " + order + " AND a.approver_id <> o.approved_by_id")).isEqualTo(1);
        }
    }

    @Test
    void anApproverCapRefusesLargerOrdersUntilItIsRaised() {
        String firstId = first.get("/api/v1/me").at("/id");
        Reply capped = admin.send("PUT", "/api/v1/operators/" + firstId + "/approval-caps/GBP", "{\"amountMax\":5000}",
                Map.of());
        assertThat(capped.status()).as(capped.text()).isEqualTo(200);
        String player = newPlayer("GBP");
        String over = submit(player, "GBP", 5_001);
        Reply refused = first.post("/api/v1/orders/" + over + "/approve", Map.of());
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.at("/error/code")).isEqualTo("APPROVAL_CAP_EXCEEDED");
        assertThat(refused.at("/error/details/rule")).isEqualTo("APPROVAL_CAP");
        assertThat(status(over)).isEqualTo("PENDING_REVIEW");
        assertThat(first.post("/api/v1/orders/" + submit(player, "GBP", 5_000) + "/approve", Map.of()).at("/status"))
                .isEqualTo("APPROVED_EXECUTED");
        assertThat(second.post("/api/v1/orders/" + over + "/approve", Map.of()).status()).as("others are not capped")
                .isEqualTo(200);

        assertThat(admin.send("PUT", "/api/v1/operators/" + firstId + "/approval-caps/GBP", "{\"amountMax\":null}",
                Map.of()).status()).isEqualTo(200);
        assertThat(first.post("/api/v1/orders/" + submit(player, "GBP", 9_000) + "/approve", Map.of()).at("/status"))
                .isEqualTo("APPROVED_EXECUTED");
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'APPROVAL_CAP_SET' AND resource_id = '"
                + firstId + "'")).isEqualTo(2);
    }

    @Test
    void onlyAnAdministratorChangesTheSettingsAndEveryChangeIsAudited() {
        Reply denied = supervisor.send("PUT", "/api/v1/approval-policy/dual-approval/AUD", "{\"amountMin\":1}", Map.of());
        assertThat(denied.status()).isEqualTo(403);
        assertThat(setThreshold("AUD", 50_000L).status()).isEqualTo(200);
        Reply policy = setThreshold("AUD", 60_000L);
        assertThat(policy.body().get("dualApproval").toString()).contains("\"currency\":\"AUD\",\"amountMin\":60000");
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'DUAL_APPROVAL_THRESHOLD_SET' "
                + "AND resource_id = 'AUD' AND details->>'before' = '50000' AND details->>'after' = '60000'"))
                .isEqualTo(1);
        assertThat(setThreshold("AUD", null).body().get("dualApproval").toString()).doesNotContain("AUD");

        assertThat(admin.send("PUT", "/api/v1/approval-policy/dual-approval/DOLLARS", "{\"amountMin\":1}", Map.of())
                .at("/error/details/field")).isEqualTo("currency");
        assertThat(admin.send("PUT", "/api/v1/approval-policy/dual-approval/AUD", "{\"amountMin\":0}", Map.of())
                .at("/error/details/field")).isEqualTo("amountMin");
        assertThat(admin.send("PUT", "/api/v1/operators/987654321/approval-caps/AUD", "{\"amountMax\":1}", Map.of())
                .status()).isEqualTo(404);
        assertThat(supervisor.get("/api/v1/approval-policy").status()).isEqualTo(403);
    }

    // ------------------------------------------------------------------ helpers

    private interface Call {
        Reply run(int index);
    }

    /** Runs {@link #RACERS} calls released together and returns their replies. */
    private static List<Reply> race(Call call) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reply>> futures = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            int index = i;
            Callable<Reply> task = () -> {
                go.await();
                return call.run(index);
            };
            futures.add(pool.submit(task));
        }
        go.countDown();
        List<Reply> replies = new ArrayList<>();
        for (Future<Reply> future : futures) {
            replies.add(future.get());
        }
        return replies;
    }

    private static Reply setThreshold(String currency, Long amountMin) {
        Reply reply = admin.send("PUT", "/api/v1/approval-policy/dual-approval/" + currency,
                "{\"amountMin\":" + amountMin + "}", Map.of());
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply;
    }

    private static ApiClient operator(String name, String role) {
        Reply created = admin.post("/api/v1/operators", Map.of("username", name, "password", name + "-password",
                "roles", List.of(role)));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return ApiClient.signedIn(server.baseUrl(), name, name + "-password");
    }

    private static String newPlayer(String currency) {
        String id = "mc-" + SEQUENCE.incrementAndGet();
        Reply created = admin.post("/api/v1/players", Map.of("id", id, "username", id + "-name", "currency", currency));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return id;
    }

    private static String submit(String player, String currency, long amount) {
        Map<String, Object> body = new HashMap<>(Map.of("type", "DEPOSIT", "playerId", player, "amount", amount,
                "currency", currency, "source", Map.of("channel", "PORTAL")));
        Reply order = maker.post("/api/v1/orders", body);
        assertThat(order.status()).as(order.text()).isEqualTo(201);
        return order.at("/id");
    }

    private static String status(String order) {
        return supervisor.get("/api/v1/orders/" + order).at("/status");
    }

    private static long count(String sql) {
        try (var connection = server.database().dataSource().getConnection();
             var statement = connection.createStatement(); var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
