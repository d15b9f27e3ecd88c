package teller.server.telegram;

import java.time.Instant;
import java.util.Optional;

/** The updates the webhook accepted, one row per update_id; every method joins the caller's transaction. */
public interface TelegramUpdateStore {
    /**
     * Records an update as being processed by the caller and returns true; returns false when the
     * update is known already (a redelivery), unless its processing started before {@code staleBefore}
     * and never finished (the process died), in which case the caller takes it over.
     */
    boolean claim(long updateId, Long telegramUserId, String action, Long orderId, Instant staleBefore);

    Optional<Stored> find(long updateId);

    void finish(long updateId, String outcome, String answer);

    /** Forgets an update whose processing failed unexpectedly, so a redelivery processes it afresh. */
    void release(long updateId);

    record Stored(String outcome, String answer) {
    }
}
