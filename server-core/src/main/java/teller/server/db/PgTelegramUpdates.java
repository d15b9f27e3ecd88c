package teller.server.db;

import java.time.Instant;
import java.util.Optional;
import teller.server.telegram.TelegramUpdateStore;

/** telegram_updates of migration V8: one row per accepted update_id. */
public final class PgTelegramUpdates implements TelegramUpdateStore {
    private final JdbiTransactor tx;

    public PgTelegramUpdates(JdbiTransactor tx) {
        this.tx = tx;
    }

    @Override
    public boolean claim(long updateId, Long telegramUserId, String action, Long orderId, Instant staleBefore) {
        // The unique update_id decides between concurrent deliveries: one inserts, the others conflict.
        return tx.handle().createQuery("""
                        INSERT INTO telegram_updates (update_id, telegram_user_id, action, order_id)
                        VALUES (:updateId, :userId, :action, :orderId)
                        ON CONFLICT (update_id) DO UPDATE SET received_at = now()
                         WHERE telegram_updates.outcome = 'PROCESSING' AND telegram_updates.received_at < :staleBefore
                        RETURNING id""")
                .bind("updateId", updateId).bind("userId", telegramUserId).bind("action", action)
                .bind("orderId", orderId).bind("staleBefore", Rows.utc(staleBefore))
                .mapTo(Long.class).findOne().isPresent();
    }

    @Override
    public Optional<Stored> find(long updateId) {
        return tx.handle().createQuery("SELECT outcome, answer FROM telegram_updates WHERE update_id = :id")
                .bind("id", updateId)
                .map((rs, ctx) -> new Stored(rs.getString("outcome"), rs.getString("answer")))
                .findOne();
    }

    @Override
    public void finish(long updateId, String outcome, String answer) {
        tx.handle().createUpdate("""
                        UPDATE telegram_updates SET outcome = :outcome, answer = :answer, decided_at = now()
                         WHERE update_id = :id""")
                .bind("id", updateId).bind("outcome", outcome).bind("answer", answer).execute();
    }

    @Override
    public void release(long updateId) {
        tx.handle().createUpdate("DELETE FROM telegram_updates WHERE update_id = :id AND outcome = 'PROCESSING'")
                .bind("id", updateId).execute();
    }
}
