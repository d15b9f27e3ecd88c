package teller.ui.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/** {@code GET /health}: whether the server is up, and its version (servers before 0.1.0 do not say). */
public final class ServerInfoApi {
    private final TellerClient client;

    public ServerInfoApi(TellerClient client) {
        this.client = client;
    }

    /** The server's version, or empty when it does not tell. */
    public Optional<String> version() {
        JsonNode health = client.get("health", Map.of(), JsonNode.class);
        JsonNode version = health == null ? null : health.get("version");
        return version == null || version.isNull() || version.asText().isBlank() ? Optional.empty()
                : Optional.of(version.asText());
    }
}
