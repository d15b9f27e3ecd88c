package teller.ui.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/** {@code GET /api/v1/dashboard}: the server's KPIs and alerts, on servers that have it. */
public final class DashboardApi {
    private final TellerClient client;

    public DashboardApi(TellerClient client) {
        this.client = client;
    }

    /** The dashboard as the server sent it, or empty when this server has no dashboard endpoint (404). */
    public Optional<JsonNode> dashboard() {
        try {
            return Optional.ofNullable(client.get("api/v1/dashboard", Map.of(), JsonNode.class));
        } catch (ApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
