package teller.server.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the dashboard reads: small, indexed queries over the queue and a bounded window of history. */
public interface DashboardStore {
    /** Orders waiting for review of one type and currency. */
    record PendingTotal(String type, String currency, long orders, long amount) {
    }

    /**
     * Status changes out of PENDING_REVIEW since a time.
     *
     * @param approved       approvals whose order did not end APPROVED_FAILED (money moved or is moving)
     * @param rejected       rejections
     * @param approvedFailed approvals whose order is APPROVED_FAILED now (no money moved)
     */
    record Decisions(long approved, long rejected, long approvedFailed) {
    }

    /** Executions that finished since a time: posted, or ended APPROVED_FAILED. */
    record Outcomes(long executed, long failed) {
    }

    record RetriedOrder(long orderId, String type, String status, int attempts, Instant updatedAt) {
    }

    /** Failures with one provider-unavailable code since a time. */
    record UnavailableFailures(String errorCode, long failures, long lastOrderId, Instant lastAt) {
    }

    List<PendingTotal> pending();

    Optional<Instant> oldestPendingCreatedAt();

    Decisions decisionsSince(Instant since);

    Outcomes outcomesSince(Instant since);

    /** Orders touched since {@code since} with more than {@code attemptsMax} attempts, most attempts first. */
    List<RetriedOrder> ordersWithAttemptsAbove(int attemptsMax, Instant since, int limit);

    long countOrdersWithAttemptsAbove(int attemptsMax, Instant since);

    List<UnavailableFailures> providerUnavailableFailuresSince(Instant since);

    /** A player whose fraud score is above a threshold and who has orders waiting for review. */
    record RiskyPlayer(String playerId, String username, int score, long pendingOrders) {
    }

    /** Payment webhook deliveries since a time: all of them, and those refused. */
    record WebhookDeliveries(long total, long refused) {
    }

    /** An error code and when the server first answered it. */
    record ErrorCodeSeen(String code, Instant firstSeenAt) {
    }

    /** Players with pending orders whose capped fraud score is above {@code scoreMin}, highest first. */
    List<RiskyPlayer> playersAboveScoreWithPending(int scoreMin, int limit);

    WebhookDeliveries paymentWebhookDeliveriesSince(Instant since);

    /** Error codes first seen after {@code since}, newest first. */
    List<ErrorCodeSeen> errorCodesFirstSeenAfter(Instant since, int limit);

    /** Records that the server answered {@code code} at {@code at}, unless it was recorded before. */
    void errorCodeSeen(String code, Instant at);
}
