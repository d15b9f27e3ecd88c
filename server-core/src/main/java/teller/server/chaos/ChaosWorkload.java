package teller.server.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bank workload: several clients register players (an integration's token), deposit, load
 * games and withdraw (orders from the integration, decided by an operator: approved, or now and
 * then rejected). Every call is retried with its own Idempotency-Key until answered. What the server
 * acknowledged is recorded, to be checked after the run.
 */
final class ChaosWorkload {
    /** A call unanswered for this long is given up (and counted); the server restarts in far less. */
    static final Duration CALL_DEADLINE = Duration.ofSeconds(150);
    static final String GAME = "pusoy";
    private static final int PLAYERS_MAX = 40;
    private static final int REJECT_PERCENT = 10;

    /** What the server said about an order, and when. */
    record Ack(long orderId, String type, String playerId, long amount, String status) {
    }

    private final ChaosHttp http;
    private final String operatorToken;
    private final String integrationToken;
    private final long seed;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<String> players = new CopyOnWriteArrayList<>();
    /** Per order, the last outcome the server acknowledged. */
    final Map<Long, Ack> acks = new ConcurrentHashMap<>();
    final AtomicInteger ordersCreated = new AtomicInteger();
    final AtomicInteger decisions = new AtomicInteger();
    final AtomicInteger rejections = new AtomicInteger();
    final AtomicInteger callsResent = new AtomicInteger();
    final AtomicInteger unanswered = new AtomicInteger();
    final List<String> anomalies = new CopyOnWriteArrayList<>();
    /**
     * The last fault (nanoTime) and when the server was ready again after it, and the slowest answer,
     * counted from that ready moment, to a call that was under way when the fault hit.
     */
    final AtomicLong faultNanos = new AtomicLong();
    final AtomicLong readyAgainNanos = new AtomicLong();
    final AtomicLong slowestAnswerAfterReadyNanos = new AtomicLong();
    private final AtomicInteger keys = new AtomicInteger();

    ChaosWorkload(ChaosHttp http, String operatorToken, String integrationToken, long seed) {
        this.http = http;
        this.operatorToken = operatorToken;
        this.integrationToken = integrationToken;
        this.seed = seed;
    }

    List<String> players() {
        return players;
    }

    void stop() {
        stopping.set(true);
    }

    /** One client's loop, with its own seeded choices. */
    void client(int index) {
        Random random = new Random(seed * 31 + index);
        while (!stopping.get()) {
            int choice = random.nextInt(100);
            if (players.size() < 3 || (choice < 5 && players.size() < PLAYERS_MAX)) {
                newPlayer(random);
            } else if (choice < 50) {
                order(random, "DEPOSIT", 1_000 + random.nextInt(49_000));
            } else if (choice < 75) {
                order(random, "GAME_LOAD", 500 + random.nextInt(9_500));
            } else {
                order(random, "WITHDRAWAL", 500 + random.nextInt(14_500));
            }
        }
    }

    private void newPlayer(Random random) {
        String id = "chaos-" + seed + "-" + Integer.toHexString(random.nextInt()) + "-" + keys.incrementAndGet();
        var created = call("POST", "/api/v1/players", ChaosHttp.body("id", id, "username", id, "currency", "USD"),
                integrationToken);
        if (created == null) {
            return;
        }
        if (created.status() != 201 && created.status() != 200) {
            anomalies.add("registering player " + id + " answered " + created.status() + " " + created.body());
            return;
        }
        var kyc = call("POST", "/api/v1/players/" + id + "/kyc", ChaosHttp.body("status", "VERIFIED"), operatorToken);
        if (kyc != null && kyc.status() == 200) {
            players.add(id);
        }
    }

    private void order(Random random, String type, long amount) {
        String player = players.get(random.nextInt(players.size()));
        var body = ChaosHttp.body("type", type, "playerId", player, "amount", amount, "currency", "USD",
                "source", Map.of("channel", "API"));
        if (type.equals("GAME_LOAD")) {
            body.put("gameName", GAME);
        }
        var created = call("POST", "/api/v1/orders", body, integrationToken);
        if (created == null) {
            return;
        }
        if (created.status() == 422) {
            return; // a limit or a rule refused it: an answer, nothing to decide
        }
        if (created.status() != 201 && created.status() != 200) {
            anomalies.add("creating a " + type + " answered " + created.status() + " " + created.body());
            return;
        }
        long orderId = Long.parseLong(created.at("/id"));
        ordersCreated.incrementAndGet();
        acks.putIfAbsent(orderId, new Ack(orderId, type, player, amount, created.at("/status")));
        boolean reject = random.nextInt(100) < REJECT_PERCENT;
        var decided = reject
                ? call("POST", "/api/v1/orders/" + orderId + "/reject", ChaosHttp.body("reason", "chaos says no"), operatorToken)
                : call("POST", "/api/v1/orders/" + orderId + "/approve", ChaosHttp.body("note", "chaos"), operatorToken);
        if (decided == null) {
            return;
        }
        if (decided.status() == 200 || decided.status() == 202) {
            decisions.incrementAndGet();
            if (reject) {
                rejections.incrementAndGet();
            }
            acks.put(orderId, new Ack(orderId, type, player, amount, decided.at("/status")));
        } else if (decided.status() != 409 && decided.status() != 422 && decided.status() != 403) {
            anomalies.add("deciding order " + orderId + " answered " + decided.status() + " " + decided.body());
        }
    }

    /** A call retried with one key until answered; null (and counted) when it never was. */
    private ChaosHttp.Answer call(String method, String path, Object body, String token) {
        String key = "chaos-" + seed + "-" + keys.incrementAndGet();
        long started = System.nanoTime();
        var outcome = http.call(method, path, body, token, key, CALL_DEADLINE, () -> false);
        if (outcome.sends() > 1) {
            callsResent.incrementAndGet();
        }
        long fault = faultNanos.get();
        long ready = readyAgainNanos.get();
        if (outcome.answered() && fault != 0 && started < fault && fault < ready && ready < outcome.answeredAtNanos()) {
            slowestAnswerAfterReadyNanos.accumulateAndGet(outcome.answeredAtNanos() - ready, Math::max);
        }
        if (!outcome.answered()) {
            unanswered.incrementAndGet();
            return null;
        }
        return outcome.answer();
    }
}
