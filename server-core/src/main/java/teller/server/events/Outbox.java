package teller.server.events;

import java.util.Map;

/**
 * Events recorded in the same transaction as the change they describe; workers deliver them
 * (chat channel, live desktop stream) after commit.
 */
public interface Outbox {
    void emit(String eventType, String aggregateType, String aggregateId, Map<String, Object> payload);
}
