package teller.server.db;

import java.util.Map;
import teller.server.events.Outbox;

public final class PgOutbox implements Outbox {
    private final JdbiTransactor tx;

    public PgOutbox(JdbiTransactor tx) {
        this.tx = tx;
    }

    @Override
    public void emit(String eventType, String aggregateType, String aggregateId, Map<String, Object> payload) {
        tx.handle().createUpdate("""
                        INSERT INTO outbox_events (event_type, aggregate_type, aggregate_id, payload)
                        VALUES (:type, :aggregateType, :aggregateId, CAST(:payload AS jsonb))""")
                .bind("type", eventType).bind("aggregateType", aggregateType).bind("aggregateId", aggregateId)
                .bind("payload", Rows.json(payload))
                .execute();
    }
}
