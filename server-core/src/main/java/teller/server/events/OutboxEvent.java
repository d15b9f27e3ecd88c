package teller.server.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** One row of the outbox as readers see it; {@code id} is the outbox sequence. */
public record OutboxEvent(long id, String type, String aggregateType, String aggregateId, Instant createdAt,
                          Map<String, Object> payload) {
    /**
     * Keys that never leave the server in an event, whatever a future emitter puts in its payload:
     * credentials and proof contents. Payloads today carry ids, amounts and statuses only; this is
     * the second line of defence for the live stream.
     */
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(token|secret|password|credential|bytes|base64|image|content).*");

    public OutboxEvent {
        // Not Map.copyOf: JSON payloads may hold null values.
        payload = payload == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(payload));
    }

    /** The payload without any key that could carry a secret or proof contents. */
    public Map<String, Object> publicPayload() {
        Map<String, Object> visible = new LinkedHashMap<>();
        payload.forEach((key, value) -> {
            if (!SECRET_KEY.matcher(key).matches()) {
                visible.put(key, value);
            }
        });
        return visible;
    }
}
