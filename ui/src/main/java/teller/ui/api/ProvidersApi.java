package teller.ui.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The providers list and the supervisor's commands on executions: retry (one or many) and void. */
public final class ProvidersApi {
    /** Orders one bulk retry may name (the server's bound). */
    public static final int BULK_RETRY_MAX = 100;
    private final TellerClient client;

    public ProvidersApi(TellerClient client) {
        this.client = client;
    }

    /** {@code GET /api/v1/providers}'s answer. */
    public record ProviderList(List<ProviderInfo> items) {
    }

    public List<ProviderInfo> providers() {
        ProviderList items = client.get("api/v1/providers", Map.of(), ProviderList.class);
        return items.items() == null ? List.of() : List.copyOf(items.items());
    }

    /** Orders of one status, newest first, at most {@code limit}. */
    public List<OrderView> orders(OrderStatus status, int limit) {
        return client.listOrders(new OrderQuery(status, null, null, limit, null)).items();
    }

    public PlayerView player(String playerId) {
        return client.player(playerId);
    }

    public OrderView retry(String orderId) {
        return client.post("api/v1/orders/" + TellerClient.pathSegment(orderId) + "/retry", Map.of(), OrderView.class);
    }

    /** One answer per order: the order retried, or the server's refusal of it. */
    public record RetryOutcome(String orderId, int status, String errorCode, String errorMessage) {
        public boolean retried() {
            return status / 100 == 2;
        }
    }

    /** {@code POST /api/v1/orders/retry}: each order retried on its own. */
    public List<RetryOutcome> retry(List<String> orderIds) {
        JsonNode answer = client.post("api/v1/orders/retry", Map.of("orderIds", orderIds), JsonNode.class);
        List<RetryOutcome> outcomes = new ArrayList<>();
        JsonNode results = answer.path("results");
        for (String id : orderIds) {
            JsonNode r = results.path(id);
            outcomes.add(new RetryOutcome(id, r.path("status").asInt(), r.path("error").path("code").asText(null),
                    r.path("error").path("message").asText(null)));
        }
        return outcomes;
    }

    public OrderView voidOrder(String orderId, String reason) {
        return client.post("api/v1/orders/" + TellerClient.pathSegment(orderId) + "/void", Map.of("reason", reason),
                OrderView.class);
    }
}
