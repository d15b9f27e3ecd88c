package teller.server.telegram;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Operations notices waiting for and sent to the operators' chat; joins the caller's transaction. */
public interface OpsNoticeStore {
    record Notice(long id, long eventId, String kind, String text, int attempts) {
    }

    /** Queues the notice of an outbox event, due at {@code at}, unless it was queued before. */
    void enqueue(long eventId, String kind, String text, Instant at);

    /** QUEUED notices due by {@code now}, oldest first, locked (SKIP LOCKED) for this transaction. */
    List<Notice> due(Instant now, int limit);

    /** How many messages went to the chat since {@code since} (notices and summaries). */
    long sentSince(Instant since);

    /** QUEUED -> SENDING with one more attempt; the notice as it now stands. */
    Optional<Notice> markSending(long id);

    void markSent(List<Long> ids, String status, Instant at);

    /** SENDING -> QUEUED (again at {@code next}) or FAILED, with the error. */
    void markFailed(long id, boolean giveUp, Instant next, String error);

    /** SENDING summaries that were not sent go back to QUEUED without using an attempt. */
    void requeue(List<Long> ids, String error);

    /** Notes on every queued notice why nothing is sent (Telegram not configured). */
    void noteWaiting(String error);
}
