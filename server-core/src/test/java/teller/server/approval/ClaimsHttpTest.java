package teller.server.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.common.Actor;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.DomainGraph;
import teller.server.support.ExecutionFixture;
import teller.server.support.TestServer;

/**
 * Claims over real HTTP (decision 0062): two sessions racing for one order, extension, approve and
 * reject refused under another's claim, a supervisor's audited take-over, release, expiry on the
 * server's injected clock (no sleeps), the system not held up, and the events on the outbox.
 */
class ClaimsHttpTest {
    private static final int RACERS = 8;
    private static final AtomicInteger PLAYERS = new AtomicInteger();
    private static final DomainGraph.MutableClock clock = new DomainGraph.MutableClock();

    static ServerCore server;
    static ApiClient admin;
    static ApiClient alice;
    static ApiClient bob;
    static ApiClient sup;
    static Jdbi jdbi;
    static final ExecutorService pool = Executors.newFixedThreadPool(RACERS);

    @BeforeAll
    static void start() {
        server = TestServer.start(clock, b -> b.sandboxProviders(true));
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        alice = admin.newOperator("alice", "APPROVER");
        bob = admin.newOperator("bob", "APPROVER");
        sup = admin.newOperator("sup", "SUPERVISOR");
        jdbi = server.database().jdbi();
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
        server.close();
    }

    @Test
    void twoSessionsRacingForOneOrderLeaveOneHolderAndTheOtherIsToldWho() throws Exception {
        String order = deposit(500);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reply>> futures = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            ApiClient who = i % 2 == 0 ? alice : bob;
            futures.add(pool.submit(() -> {
                go.await();
                return who.post(claimPath(order), Map.of());
            }));
        }
        go.countDown();
        List<Reply> replies = new ArrayList<>();
        for (Future<Reply> f : futures) {
            replies.add(f.get());
        }

        String holder = admin.get("/api/v1/orders/" + order).at("/claimedBy/username");
        assertThat(holder).isIn("alice", "bob");
        assertThat(replies).allSatisfy(r -> {
            if (r.status() == 200) {
                assertThat(r.at("/claimedBy/username")).isEqualTo(holder);
            } else {
                assertThat(r.status()).as(r.text()).isEqualTo(409);
                assertThat(r.at("/error/code")).isEqualTo("ORDER_CLAIMED");
                assertThat(r.at("/error/details/claimedBy/username")).isEqualTo(holder);
            }
        });
        assertThat(replies).filteredOn(r -> r.status() == 200).hasSize(RACERS / 2);
        assertThat(count("SELECT count(*) FROM order_claims WHERE order_id = " + order)).isEqualTo(1);
    }

    @Test
    void claimingAgainExtendsTheClaimAndListsShowIt() {
        String order = deposit(600);
        Reply first = alice.post(claimPath(order), Map.of());
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        Instant expires = Instant.parse(first.at("/expiresAt"));
        assertThat(Duration.between(clock.instant(), expires)).isBetween(Duration.ofMillis(299_999), Duration.ofSeconds(300));

        clock.advance(Duration.ofSeconds(100));
        Reply again = alice.post(claimPath(order), Map.of());
        assertThat(again.at("/claimedAt")).isEqualTo(first.at("/claimedAt"));
        assertThat(Instant.parse(again.at("/expiresAt"))).isEqualTo(expires.plusSeconds(100));

        Reply queue = bob.get("/api/v1/orders?status=PENDING_REVIEW&playerId=" + playerOf(order));
        assertThat(queue.at("/items/0/claimedBy/username")).isEqualTo("alice");
        assertThat(queue.at("/items/0/claimExpiresAt")).isEqualTo(again.at("/expiresAt"));
        assertThat(events(order, "ORDER_CLAIMED")).isEqualTo(2);
    }

    @Test
    void approveAndRejectAreRefusedUnderAnotherOperatorsClaimAndTheDecisionEndsIt() {
        String order = deposit(700);
        assertThat(alice.post(claimPath(order), Map.of()).status()).isEqualTo(200);

        for (Reply refused : List.of(bob.post(path(order, "approve"), Map.of()),
                bob.post(path(order, "reject"), Map.of("reason", "looks odd")), bob.post(claimPath(order), Map.of()))) {
            assertThat(refused.status()).as(refused.text()).isEqualTo(409);
            assertThat(refused.at("/error/code")).isEqualTo("ORDER_CLAIMED");
            assertThat(refused.at("/error/message")).contains("alice");
        }
        Reply preview = bob.get(path(order, "preview"));
        assertThat(preview.body().get("canApprove").asBoolean()).isFalse();
        assertThat(check(preview, "CLAIM").get("outcome").asText()).isEqualTo("BLOCK");
        assertThat(admin.get("/api/v1/orders/" + order).at("/status")).isEqualTo("PENDING_REVIEW");

        Reply approved = alice.post(path(order, "approve"), Map.of());
        assertThat(approved.at("/status")).as(approved.text()).isEqualTo("APPROVED_EXECUTED");
        assertThat(approved.body().get("claimedBy").isNull()).isTrue();
        assertThat(count("SELECT count(*) FROM order_claims WHERE order_id = " + order)).isZero();
        assertThat(releasedReasons(order)).containsExactly("DECIDED");
    }

    @Test
    void aSupervisorTakesAClaimOverAndItIsAudited() {
        String order = deposit(800);
        assertThat(alice.post(claimPath(order), Map.of()).status()).isEqualTo(200);

        Reply notAllowed = bob.post(claimPath(order), Map.of("takeOver", true));
        assertThat(notAllowed.status()).as(notAllowed.text()).isEqualTo(403);
        Reply taken = sup.post(claimPath(order), Map.of("takeOver", true));
        assertThat(taken.status()).as(taken.text()).isEqualTo(200);
        assertThat(taken.at("/claimedBy/username")).isEqualTo("sup");

        assertThat(count("""
                SELECT count(*) FROM audit_log WHERE action = 'ORDER_CLAIM_TAKE_OVER' AND resource_id = '%s'
                   AND details #>> '{from,username}' = 'alice' AND actor_id = '%s'""".formatted(order, id(sup))))
                .isEqualTo(1);
        assertThat(count("""
                SELECT count(*) FROM outbox_events WHERE event_type = 'ORDER_CLAIMED' AND aggregate_id = '%s'
                   AND payload #>> '{takenOverFrom,username}' = 'alice'""".formatted(order))).isEqualTo(1);
        assertThat(alice.post(path(order, "approve"), Map.of()).at("/error/code")).isEqualTo("ORDER_CLAIMED");
    }

    @Test
    void onlyTheHolderReleasesAndThenOthersMayClaim() {
        String order = deposit(900);
        assertThat(alice.post(claimPath(order), Map.of()).status()).isEqualTo(200);

        Reply notTheirs = bob.send("DELETE", claimPath(order), null, Map.of());
        assertThat(notTheirs.status()).as(notTheirs.text()).isEqualTo(409);
        assertThat(notTheirs.at("/error/code")).isEqualTo("ORDER_CLAIMED");
        assertThat(alice.send("DELETE", claimPath(order), null, Map.of()).status()).isEqualTo(204);
        assertThat(alice.send("DELETE", claimPath(order), null, Map.of()).status()).as("nothing to release").isEqualTo(204);
        assertThat(releasedReasons(order)).containsExactly("RELEASED");
        assertThat(bob.post(claimPath(order), Map.of()).status()).isEqualTo(200);
    }

    @Test
    void aClaimEndsByItselfAfterOrderClaimSecondsOnTheServersClock() {
        String order = deposit(1_000);
        assertThat(alice.post(claimPath(order), Map.of()).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(299));
        assertThat(bob.post(path(order, "approve"), Map.of()).status()).as("still alice's").isEqualTo(409);

        clock.advance(Duration.ofSeconds(2));
        assertThat(admin.get("/api/v1/orders/" + order).body().get("claimedBy").isNull()).isTrue();
        server.services().claims().expire();
        // The sweeping worker may have been first; either way the end is announced once.
        ExecutionFixture.await(Duration.ofSeconds(20), "the expired claim to be announced",
                () -> releasedReasons(order).equals(List.of("EXPIRED")));
        Reply approved = bob.post(path(order, "approve"), Map.of());
        assertThat(approved.at("/status")).as(approved.text()).isEqualTo("APPROVED_EXECUTED");
    }

    @Test
    void aConfirmedPaymentIsNotHeldUpByAnOperatorsClaim() {
        String order = deposit(1_100);
        assertThat(alice.post(claimPath(order), Map.of()).status()).isEqualTo(200);

        var result = server.services().approvals().approve(Long.parseLong(order), Actor.system("payment-webhook:test"),
                "charge ch_1 succeeded");

        assertThat(result.order().status().name()).isEqualTo("APPROVED_EXECUTED");
        assertThat(releasedReasons(order)).containsExactly("DECIDED");
    }

    @Test
    void onlyAPendingOrderCanBeClaimed() {
        String order = deposit(1_200);
        assertThat(admin.post(path(order, "reject"), Map.of("reason", "duplicate")).status()).isEqualTo(200);
        Reply decided = alice.post(claimPath(order), Map.of());
        assertThat(decided.status()).isEqualTo(409);
        assertThat(decided.at("/error/code")).isEqualTo("ORDER_NOT_PENDING");
        assertThat(alice.post(claimPath("987654321"), Map.of()).status()).isEqualTo(404);
        assertThat(alice.post(claimPath(order), "{\"takeOver\":\"yes\"}").status()).isEqualTo(400);
    }

    // ------------------------------------------------------------------ helpers

    private static String deposit(long amount) {
        String player = "cl-" + PLAYERS.incrementAndGet();
        assertThat(admin.post("/api/v1/players", Map.of("id", player, "username", player, "currency", "USD")).status())
                .isEqualTo(201);
        Map<String, Object> body = new HashMap<>(Map.of("type", "DEPOSIT", "playerId", player, "amount", amount,
                "currency", "USD", "source", Map.of("channel", "PORTAL")));
        Reply created = admin.post("/api/v1/orders", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.at("/id");
    }

    private static String playerOf(String order) {
        return admin.get("/api/v1/orders/" + order).at("/playerId");
    }

    private static String claimPath(String order) {
        return path(order, "claim");
    }

    private static String path(String order, String action) {
        return "/api/v1/orders/" + order + "/" + action;
    }

    private static com.fasterxml.jackson.databind.JsonNode check(Reply preview, String name) {
        for (var check : preview.body().get("checks")) {
            if (check.get("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + preview.text());
    }

    private static String id(ApiClient who) {
        return who.get("/api/v1/me").at("/id");
    }

    private static long events(String order, String type) {
        return count("SELECT count(*) FROM outbox_events WHERE event_type = '" + type + "' AND aggregate_id = '" + order + "'");
    }

    private static List<String> releasedReasons(String order) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT payload ->> 'reason' FROM outbox_events
                         WHERE event_type = 'ORDER_RELEASED' AND aggregate_id = :id ORDER BY id""")
                .bind("id", order).mapTo(String.class).list());
    }

    private static long count(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
