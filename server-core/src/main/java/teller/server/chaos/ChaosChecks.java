package teller.server.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The properties checked after a chaos run, each against the recovered server's API and the fake
 * providers' records; every violation is an anomaly with enough detail to find it again.
 */
final class ChaosChecks {
    private static final int PAGE = 500;
    private static final java.time.Duration CALL = java.time.Duration.ofSeconds(60);

    private final ChaosHttp http;
    private final String token;
    final List<String> anomalies = new ArrayList<>();
    final Map<String, String> figures = new java.util.LinkedHashMap<>();

    ChaosChecks(ChaosHttp http, String token) {
        this.http = http;
        this.token = token;
    }

    /** Every order, by id. */
    Map<Long, JsonNode> orders() {
        Map<Long, JsonNode> all = new HashMap<>();
        String cursor = null;
        do {
            var answer = get("/api/v1/orders?limit=" + PAGE + (cursor == null ? "" : "&cursor=" + encode(cursor)));
            for (JsonNode order : answer.body().get("items")) {
                all.put(order.get("id").asLong(), order);
            }
            cursor = answer.at("/nextCursor");
        } while (cursor != null);
        return all;
    }

    void acknowledgedOutcomesHold(Map<Long, ChaosWorkload.Ack> acks, Map<Long, JsonNode> orders) {
        int checked = 0;
        for (ChaosWorkload.Ack ack : acks.values()) {
            JsonNode order = orders.get(ack.orderId());
            checked++;
            if (order == null) {
                anomalies.add("acknowledged order " + ack.orderId() + " is gone");
                continue;
            }
            String now = order.get("status").asText();
            boolean holds = switch (ack.status()) {
                case "EXECUTING" -> now.equals("APPROVED_EXECUTED") || now.equals("APPROVED_FAILED");
                case "PENDING_REVIEW" -> true; // its decision was never answered: any outcome may have happened
                default -> now.equals(ack.status());
            };
            if (!holds || order.get("amount").asLong() != ack.amount() || !order.get("playerId").asText().equals(ack.playerId())) {
                anomalies.add("order " + ack.orderId() + " was acknowledged as " + ack.status() + " " + ack.amount()
                        + " for " + ack.playerId() + " but is now " + now + " " + order.get("amount").asLong());
            }
        }
        figures.put("acknowledged outcomes checked", String.valueOf(checked));
    }

    void noOrderExecuting(Map<Long, JsonNode> orders) {
        long executing = orders.values().stream().filter(o -> o.get("status").asText().equals("EXECUTING")).count();
        figures.put("orders EXECUTING after recovery", String.valueOf(executing));
        if (executing > 0) {
            anomalies.add(executing + " order(s) still EXECUTING after recovery");
        }
    }

    /** Each wallet equals its executed deposits minus its executed game loads and withdrawals; the house accounts match. */
    void moneyIsConserved(List<String> players, Map<Long, JsonNode> orders) {
        Map<String, Long> expected = new HashMap<>();
        long deposits = 0;
        long loads = 0;
        long withdrawals = 0;
        for (JsonNode order : orders.values()) {
            if (!order.get("status").asText().equals("APPROVED_EXECUTED")) {
                continue;
            }
            long amount = order.get("amount").asLong();
            String type = order.get("type").asText();
            long signed = type.equals("DEPOSIT") ? amount : -amount;
            expected.merge(order.get("playerId").asText(), signed, Long::sum);
            switch (type) {
                case "DEPOSIT" -> deposits += amount;
                case "GAME_LOAD" -> loads += amount;
                default -> withdrawals += amount;
            }
        }
        long negative = 0;
        for (String player : players) {
            var answer = get("/api/v1/players/" + encode(player));
            long balance = answer.body().get("balance").asLong();
            long available = answer.body().get("available").asLong();
            long want = expected.getOrDefault(player, 0L);
            if (balance != want || available != want) {
                anomalies.add("wallet of " + player + " holds " + balance + " (available " + available + ") but its executed "
                        + "orders add up to " + want);
            }
            if (balance < 0 || available < 0) {
                negative++;
                anomalies.add("wallet of " + player + " is negative: " + balance);
            }
        }
        figures.put("wallets checked", String.valueOf(players.size()));
        figures.put("negative balances", String.valueOf(negative));
        house("house:cash:USD", deposits);
        house("house:game:" + ChaosWorkload.GAME + ":USD", loads);
        house("house:payout_clearing:USD", withdrawals);
    }

    private void house(String code, long executed) {
        var answer = get("/api/v1/ledger/accounts?code=" + encode(code));
        long balance = 0;
        for (JsonNode account : answer.body().get("items")) {
            if (account.get("code").asText().equals(code)) {
                balance = account.get("balance").asLong();
            }
        }
        figures.put(code, String.format("%,d (executed orders: %,d)", balance, executed));
        if (Math.abs(balance) != executed) {
            anomalies.add("house account " + code + " holds " + balance + " but the executed orders add up to " + executed);
        }
    }

    /** No provider executed an order twice, and every order's books agree with what its provider did. */
    void providersExecutedEachOrderAtMostOnce(ChaosProvider provider, String type, Map<Long, JsonNode> orders) {
        Map<String, Set<String>> succeeded = provider.succeededKeysByOrder();
        int twice = 0;
        for (var entry : succeeded.entrySet()) {
            if (entry.getValue().size() > 1) {
                twice++;
                anomalies.add(type + " order " + entry.getKey() + " executed " + entry.getValue().size()
                        + " times at its provider: " + entry.getValue());
            }
        }
        for (String key : provider.keysExecutedTwice()) {
            anomalies.add(type + " provider executed key " + key + " twice");
        }
        for (JsonNode order : orders.values()) {
            if (!order.get("type").asText().equals(type)) {
                continue;
            }
            String status = order.get("status").asText();
            boolean executedThere = succeeded.containsKey(order.get("id").asText());
            if (status.equals("APPROVED_EXECUTED") && !executedThere) {
                anomalies.add(type + " order " + order.get("id").asText() + " is APPROVED_EXECUTED but its provider never executed it");
            }
            if (!status.equals("APPROVED_EXECUTED") && executedThere) {
                anomalies.add(type + " order " + order.get("id").asText() + " is " + status
                        + " but its provider executed it (money moved outside the books)");
            }
        }
        figures.put(type + " provider: POSTs / orders executed twice", provider.posts() + " / " + twice);
    }

    void verifyIsClean() {
        var ledger = get("/api/v1/ledger/verify");
        var audit = get("/api/v1/audit/verify");
        figures.put("ledger verify", ledger.body().get("balanced").asBoolean() ? "balanced" : "DISCREPANCIES");
        figures.put("audit verify", audit.body().get("intact").asBoolean() ? "intact" : "BROKEN");
        if (!ledger.body().get("balanced").asBoolean()) {
            anomalies.add("ledger verify: " + ledger.body());
        }
        if (!audit.body().get("intact").asBoolean()) {
            anomalies.add("audit verify: " + audit.body());
        }
    }

    private ChaosHttp.Answer get(String path) {
        var outcome = http.call("GET", path, null, token, null, CALL, () -> false);
        if (!outcome.answered() || outcome.answer().status() != 200) {
            throw new IllegalStateException("GET " + path + " failed after recovery: "
                    + (outcome.answered() ? outcome.answer().status() + " " + outcome.answer().body() : "no answer"));
        }
        return outcome.answer();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
