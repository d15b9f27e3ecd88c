package teller.server.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.approval.ApprovalPreview;
import teller.server.approval.Check;
import teller.server.common.DomainException;
import teller.server.orders.OrderStatus;
import teller.server.common.Actor;
import teller.server.common.ActorType;
import teller.server.proof.ProofFixtures;
import teller.server.support.ApiClient;
import teller.server.support.TestServer;

/**
 * The fraud engine over real HTTP on a real database: flags raised at intake with their event, the
 * supervisor an order of a RISKY player needs, resolving flags, the rescoring worker, and the fraud
 * fields of players and orders. Each test uses its own players.
 */
class FraudHttpTest {
    static ServerCore server;
    static ApiClient admin;
    static ApiClient clerk;
    static ApiClient supervisor;

    @BeforeAll
    static void start() {
        // The worker runs once at start and then not within the test; tests call rescore() themselves.
        server = TestServer.start(b -> b.fraud(FraudSettings.defaults().withRescoreAge(Duration.ZERO)
                .withRescoreInterval(Duration.ofHours(1))));
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        for (var op : List.of(List.of("clerk", "APPROVER"), List.of("sup", "SUPERVISOR"))) {
            var created = admin.post("/api/v1/operators", Map.of("username", op.get(0), "password",
                    op.get(0) + "-password-1", "roles", List.of(op.get(1))));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
        }
        clerk = ApiClient.signedIn(server.baseUrl(), "clerk", "clerk-password-1");
        supervisor = ApiClient.signedIn(server.baseUrl(), "sup", "sup-password-1");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void player(String id) {
        var reply = admin.post("/api/v1/players", Map.of("id", id, "username", "user-" + id, "currency", "USD"));
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
    }

    /** An order entered by the admin (so the clerk and the supervisor may both decide it). */
    static String order(String type, String playerId, long amount, String proofBase64) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("playerId", playerId);
        body.put("amount", amount);
        body.put("currency", "USD");
        if (type.equals("GAME_LOAD")) {
            body.put("gameName", "Pusoy");
        }
        if (proofBase64 != null) {
            body.put("proofImage", proofBase64);
        }
        var reply = admin.post("/api/v1/orders", body);
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        assertThat(reply.body().has("flags")).as("intake answers never show what the fraud rules found").isFalse();
        return reply.at("/id");
    }

    static String proof(long seed) {
        return ProofFixtures.base64(ProofFixtures.image("png", 4, 4, seed));
    }

    private static List<JsonNode> flagsOf(String orderId) {
        List<JsonNode> flags = new ArrayList<>();
        admin.get("/api/v1/orders/" + orderId).body().at("/flags").forEach(flags::add);
        return flags;
    }

    private static long count(String sql, Object... args) {
        return server.database().jdbi().withHandle(h -> {
            var query = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                query.bind(i, args[i]);
            }
            return query.mapTo(Long.class).one();
        });
    }

    @Test
    void aProofReusedByAnotherPlayerNamesThatPlayerAndTheirOrders() {
        player("reuse-a");
        player("reuse-b");
        String proof = proof(171);
        String theirs = order("DEPOSIT", "reuse-a", 1_500, proof);
        String mine = order("DEPOSIT", "reuse-b", 1_500, proof);
        JsonNode flag = flagsOf(mine).get(0);
        assertThat(flag.at("/rule").asText()).isEqualTo("DUPLICATE_PROOF");
        assertThat(flag.at("/evidence/otherOrderIds/0").asText()).isEqualTo(theirs);
        assertThat(flag.at("/evidence/otherPlayers")).hasSize(1);
        assertThat(flag.at("/evidence/otherPlayers/0/playerId").asText()).isEqualTo("reuse-a");
        assertThat(flag.at("/evidence/otherPlayers/0/username").asText()).isEqualTo("user-reuse-a");
        assertThat(flag.at("/evidence/otherPlayers/0/orderIds/0").asText()).isEqualTo(theirs);
    }

    @Test
    void aDuplicateProofRaisesAFlagWithItsEventAndMakesThePlayerRisky() {
        player("dup1");
        String proof = proof(101);
        String first = order("DEPOSIT", "dup1", 2_000, proof);
        String second = order("DEPOSIT", "dup1", 500, proof);

        assertThat(flagsOf(first)).isEmpty();
        List<JsonNode> flags = flagsOf(second);
        assertThat(flags).hasSize(1);
        JsonNode flag = flags.get(0);
        assertThat(flag.at("/rule").asText()).isEqualTo("DUPLICATE_PROOF");
        assertThat(flag.at("/status").asText()).isEqualTo("OPEN");
        assertThat(flag.at("/points").asInt()).isEqualTo(50);
        assertThat(flag.at("/evidence/otherOrderIds/0").asText()).isEqualTo(first);
        // Issue 17: the evidence names the other players as well as the other orders.
        assertThat(flag.at("/evidence/otherPlayers/0/playerId").asText()).isEqualTo("dup1");
        assertThat(flag.at("/evidence/otherPlayers/0/username").asText()).isNotBlank();
        assertThat(flag.at("/evidence/otherPlayers/0/orderIds/0").asText()).isEqualTo(first);
        assertThat(count("SELECT count(*) FROM outbox_events WHERE event_type = 'FLAG_RAISED' AND aggregate_id = ?",
                flag.at("/id").asText())).isEqualTo(1);

        var player = admin.get("/api/v1/players/dup1");
        assertThat(player.body().at("/fraudScore").asInt()).isEqualTo(50);
        assertThat(player.at("/fraudLevel")).isEqualTo("RISKY");
        var detail = clerk.get("/api/v1/orders/" + first);
        assertThat(detail.at("/fraudLevel")).isEqualTo("RISKY");
        assertThat(detail.at("/proof/sha256")).isEqualTo(flag.at("/evidence/proofSha256").asText());
        assertThat(detail.body().at("/limitChecks").size()).as(detail.text()).isPositive();
    }

    @Test
    void anOrderOfARiskyPlayerIsRefusedToAnApproverAndApprovedByASupervisor() {
        player("risky1");
        String proof = proof(202);
        String deposit = order("DEPOSIT", "risky1", 1_000, proof);
        order("DEPOSIT", "risky1", 1_000, proof);

        var refused = clerk.post("/api/v1/orders/" + deposit + "/approve", Map.of());
        assertThat(refused.status()).as(refused.text()).isEqualTo(422);
        assertThat(refused.at("/error/code")).isEqualTo("SUPERVISOR_REQUIRED");
        assertThat(refused.at("/error/details/rule")).isEqualTo("FRAUD_LEVEL");
        assertThat(refused.at("/error/details/fraudLevel")).isEqualTo("RISKY");
        assertThat(admin.get("/api/v1/orders/" + deposit).at("/status")).isEqualTo("PENDING_REVIEW");

        var approved = supervisor.post("/api/v1/orders/" + deposit + "/approve", Map.of());
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.at("/status")).isEqualTo("APPROVED_EXECUTED");
    }

    @Test
    void aGameLoadOfARiskyPlayerIsRefusedToAnApproverBeforeAnyHoldIsTaken() {
        player("risky2");
        String proof = proof(303);
        order("DEPOSIT", "risky2", 1_000, proof);
        order("DEPOSIT", "risky2", 1_000, proof);
        String load = order("GAME_LOAD", "risky2", 100, null);

        var refused = clerk.post("/api/v1/orders/" + load + "/approve", Map.of());
        assertThat(refused.status()).as(refused.text()).isEqualTo(422);
        assertThat(refused.at("/error/code")).isEqualTo("SUPERVISOR_REQUIRED");
        assertThat(count("SELECT count(*) FROM ledger_transactions WHERE order_id = ?", Long.parseLong(load))).isZero();
    }

    @Test
    void theDepositBatchAndTheSingleOrderPathRefuseAnApproverAndThePreviewSaysWhoMayFinishIt() {
        player("risky3");
        String proof = proof(404);
        long deposit = Long.parseLong(order("DEPOSIT", "risky3", 1_000, proof));
        order("DEPOSIT", "risky3", 1_000, proof);
        long load = Long.parseLong(order("GAME_LOAD", "risky3", 100, null));
        Actor clerkActor = new Actor(ActorType.OPERATOR, clerk.get("/api/v1/me").at("/id"), "clerk", "127.0.0.1");
        Actor supActor = new Actor(ActorType.OPERATOR, supervisor.get("/api/v1/me").at("/id"), "sup", "127.0.0.1");
        var approvals = server.services().approvals();

        for (long id : new long[] {deposit, load}) {
            var preview = approvals.preview(id, clerkActor, true);
            assertThat(preview.canApprove()).isFalse();
            assertThat(fraudCheck(preview).outcome()).isEqualTo(Check.Outcome.NEEDS_SUPERVISOR);
            assertThat(fraudCheck(preview).detail()).contains("RISKY").contains("SUPERVISOR or ADMIN");
            assertThatThrownBy(() -> approvals.approve(id, clerkActor, null))
                    .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("SUPERVISOR_REQUIRED"));
            assertThat(fraudCheck(approvals.preview(id, supActor, true)).outcome()).isEqualTo(Check.Outcome.PASS);
            assertThat(fraudCheck(approvals.preview(id, Actor.system("payment-webhook"), true)).detail())
                    .contains("a signed, confirmed payment needs no supervisor");
        }
        assertThat(count("SELECT count(*) FROM ledger_transactions WHERE order_id = ?", load)).isZero();
        assertThat(approvals.approve(deposit, supActor, null).order().status()).isEqualTo(OrderStatus.APPROVED_EXECUTED);
    }

    private static Check fraudCheck(ApprovalPreview preview) {
        return preview.checks().stream().filter(c -> c.name().equals(Check.FRAUD_LEVEL)).findFirst().orElseThrow();
    }

    @Test
    void aSupervisorResolvesAFlagOnceWithAResolutionAndANoteAndItIsAudited() {
        player("resolve1");
        String proof = proof(505);
        order("DEPOSIT", "resolve1", 1_000, proof);
        String flagged = order("DEPOSIT", "resolve1", 1_000, proof);
        String flagId = flagsOf(flagged).get(0).at("/id").asText();
        String path = "/api/v1/fraud/flags/" + flagId + "/resolve";

        assertThat(clerk.post(path, Map.of("resolution", "FALSE_POSITIVE", "note", "same receipt resent")).status())
                .isEqualTo(403);
        var missing = supervisor.post(path, Map.of("note", "n"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.at("/error/details/field")).isEqualTo("resolution");
        var unknown = supervisor.post(path, Map.of("resolution", "MAYBE", "note", "n"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.at("/error/details/field")).isEqualTo("resolution");
        var noNote = supervisor.post(path, Map.of("resolution", "FALSE_POSITIVE", "note", "  "));
        assertThat(noNote.status()).isEqualTo(400);
        assertThat(noNote.at("/error/details/field")).isEqualTo("note");
        assertThat(supervisor.post("/api/v1/fraud/flags/999999/resolve",
                Map.of("resolution", "FALSE_POSITIVE", "note", "n")).status()).isEqualTo(404);
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'FRAUD_FLAG_RESOLVE' AND resource_id = ?", flagId))
                .isZero();

        var resolved = supervisor.post(path, Map.of("resolution", "FALSE_POSITIVE", "note", "the player resent the same receipt"));
        assertThat(resolved.status()).as(resolved.text()).isEqualTo(200);
        assertThat(resolved.at("/status")).isEqualTo("RESOLVED");
        assertThat(resolved.at("/resolution")).isEqualTo("FALSE_POSITIVE");
        assertThat(resolved.at("/resolvedBy")).isEqualTo(supervisor.get("/api/v1/me").at("/id"));
        assertThat(resolved.at("/resolvedByUsername")).as("by name (issue 16)").isEqualTo("sup");
        assertThat(resolved.at("/resolvedAt")).isNotNull();
        // LEAST ignores NULL: a player whose last open flag was just resolved scores 0, not 100.
        assertThat(resolved.body().at("/playerScore").asInt()).isZero();
        assertThat(resolved.at("/playerLevel")).isEqualTo("SAFE");
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'FRAUD_FLAG_RESOLVE' AND resource_id = ? "
                + "AND details->>'resolution' = 'FALSE_POSITIVE' AND details->>'scoreBefore' = '50' "
                + "AND details->>'scoreAfter' = '0'", flagId)).isEqualTo(1);

        var again = supervisor.post(path, Map.of("resolution", "CONFIRMED_FRAUD", "note", "changed my mind"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.at("/error/code")).isEqualTo("FLAG_ALREADY_RESOLVED");
        assertThat(admin.get("/api/v1/players/resolve1").body().at("/fraudScore").asInt()).isZero();

        // With the flag resolved the player is SAFE again and an approver may decide the orders.
        var approved = clerk.post("/api/v1/orders/" + flagged + "/approve", Map.of());
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
    }

    @Test
    void flagsAreListedNewestFirstAndFilteredByStatusLevelAndPlayer() {
        player("list1");
        player("list2");
        String proof = proof(606);
        order("DEPOSIT", "list1", 1_000, proof);
        order("DEPOSIT", "list1", 1_000, proof);
        order("DEPOSIT", "list2", 1_000, proof);

        var mine = clerk.get("/api/v1/fraud/flags?playerId=list1");
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.body().at("/items")).hasSize(1);
        var two = clerk.get("/api/v1/fraud/flags?status=open&level=RISKY&limit=500");
        List<String> players = new ArrayList<>();
        two.body().at("/items").forEach(i -> players.add(i.at("/playerId").asText()));
        assertThat(players).contains("list1", "list2");
        two.body().at("/items").forEach(i -> assertThat(i.at("/playerLevel").asText()).isEqualTo("RISKY"));
        assertThat(clerk.get("/api/v1/fraud/flags?level=SAFE&playerId=list1").body().at("/items")).isEmpty();

        var first = clerk.get("/api/v1/fraud/flags?limit=1");
        assertThat(first.body().at("/items")).hasSize(1);
        String cursor = first.at("/nextCursor");
        assertThat(cursor).isNotNull();
        var next = clerk.get("/api/v1/fraud/flags?limit=1&cursor=" + cursor);
        assertThat(Long.parseLong(next.body().at("/items/0/id").asText()))
                .isLessThan(Long.parseLong(first.body().at("/items/0/id").asText()));

        var flaggedOrders = clerk.get("/api/v1/orders?playerId=list1&flagged=true");
        assertThat(flaggedOrders.body().at("/items")).hasSize(1);
        assertThat(clerk.get("/api/v1/orders?playerId=list1&flagged=false").body().at("/items")).hasSize(1);
        assertThat(clerk.get("/api/v1/orders?playerId=list1").body().at("/items")).hasSize(2);
        assertThat(clerk.get("/api/v1/orders?flagged=maybe").at("/error/details/field")).isEqualTo("flagged");

        var bad = clerk.get("/api/v1/fraud/flags?level=SCARY");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.at("/error/details/field")).isEqualTo("level");
        assertThat(clerk.get("/api/v1/fraud/flags?status=CLOSED").at("/error/details/field")).isEqualTo("status");
    }

    @Test
    void theRescoringWorkerFlagsAnEarlierOrderOnceHoweverOftenItRuns() {
        player("worker1");
        player("worker2");
        String proof = proof(707);
        String earlier = order("DEPOSIT", "worker1", 1_000, proof);
        order("DEPOSIT", "worker2", 1_000, proof);
        assertThat(flagsOf(earlier)).as("intake flags the later order only").isEmpty();

        server.services().fraud().rescore();
        server.services().fraud().rescore();

        List<JsonNode> flags = flagsOf(earlier);
        assertThat(flags).hasSize(1);
        assertThat(flags.get(0).at("/rule").asText()).isEqualTo("DUPLICATE_PROOF");
        assertThat(count("SELECT count(*) FROM fraud_flags WHERE player_id IN ('worker1', 'worker2')")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM outbox_events WHERE event_type = 'FLAG_RAISED' AND payload->>'orderId' = ?",
                earlier)).isEqualTo(1);
    }

    @Test
    void aWithdrawalRightAfterAnExecutedDepositRaisesRapidWithdrawalAtIntake() {
        player("rapid1");
        String deposit = order("DEPOSIT", "rapid1", 5_000, null);
        assertThat(supervisor.post("/api/v1/orders/" + deposit + "/approve", Map.of()).status()).isEqualTo(200);
        String withdrawal = order("WITHDRAWAL", "rapid1", 4_000, null);

        List<JsonNode> flags = flagsOf(withdrawal);
        assertThat(flags).extracting(f -> f.at("/rule").asText()).contains("RAPID_WITHDRAWAL");
        JsonNode rapid = flags.stream().filter(f -> f.at("/rule").asText().equals("RAPID_WITHDRAWAL")).findFirst()
                .orElseThrow();
        assertThat(rapid.at("/evidence/depositOrderId").asText()).isEqualTo(deposit);
        assertThat(rapid.at("/evidence/currency").asText()).as("the amounts' currency (issue 16)").isEqualTo("USD");
        assertThat(admin.get("/api/v1/players/rapid1").at("/fraudLevel")).isEqualTo("SUSPICIOUS");
    }

    @Test
    void theFlagTableRefusesASecondFlagForTheSameConditionAndAnyEditOfAResolvedFlag() {
        player("db1");
        String proof = proof(808);
        order("DEPOSIT", "db1", 1_000, proof);
        String flagged = order("DEPOSIT", "db1", 1_000, proof);
        String flagId = flagsOf(flagged).get(0).at("/id").asText();
        var jdbi = server.database().jdbi();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute(
                "INSERT INTO fraud_flags (player_id, order_id, rule, dedupe_key, evidence, points) "
                        + "VALUES ('db1', ?, 'DUPLICATE_PROOF', ?, '{}', 50)", Long.parseLong(flagged), "order:" + flagged)))
                .hasMessageContaining("fraud_flags_condition_uq");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute(
                "UPDATE fraud_flags SET points = 1 WHERE id = ?", Long.parseLong(flagId))))
                .hasMessageContaining("FRAUD_FLAG_IMMUTABLE");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute(
                "DELETE FROM fraud_flags WHERE id = ?", Long.parseLong(flagId))))
                .hasMessageContaining("FRAUD_FLAG_IMMUTABLE");
    }
}
