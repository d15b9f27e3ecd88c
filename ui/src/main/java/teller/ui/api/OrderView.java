package teller.ui.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * An order as {@code GET /api/v1/orders/{id}} returns it, with its execution tracking. List items
 * and decision answers have the same shape without {@code history} and {@code ledgerTransactionIds}.
 * Kept as the client's own copy of the contract: the desktop never shares classes with server-core.
 */
public record OrderView(String id, OrderType type, OrderStatus status, String playerId, long amount, String currency,
                        String gameName, String paymentMethod, Source source, Instant createdAt, Instant updatedAt,
                        String approvedByType, String approvedById, Instant approvedAt, String approvalNote,
                        int executionAttempts, Instant executedAt, String executionError, JsonNode executionResult,
                        String rejectionReason, Instant rejectedAt, String voidReason,
                        List<String> ledgerTransactionIds, List<HistoryEntry> history, boolean duplicate,
                        List<LimitCheck> limitChecks, List<FraudFlagView> flags, Integer fraudScore, String fraudLevel,
                        Proof proof, Maker createdBy, String approvedByUsername, String rejectedByUsername,
                        Approvals approvals, Person claimedBy, Instant claimExpiresAt) {

    public OrderView {
        ledgerTransactionIds = ledgerTransactionIds == null ? List.of() : List.copyOf(ledgerTransactionIds);
        history = history == null ? List.of() : List.copyOf(history);
        limitChecks = limitChecks == null ? List.of() : List.copyOf(limitChecks);
        flags = flags == null ? List.of() : List.copyOf(flags);
    }

    /** One limit checked for the order at intake or approval ({@code limit} null when none is set). */
    public record LimitCheck(String rule, Long limit, Long current, String outcome, String phase, Instant checkedAt) {
    }

    /** The payment proof: only its hash, and where its forward to the operators' channel stands. */
    public record Proof(String sha256, Forwarding forwarding) {
    }

    public record Forwarding(String status, int attempts, String lastError, Instant nextAttemptAt, String messageRef) {
    }

    /** The checks of the latest evaluation (approval if there was one, else intake), in the server's order. */
    public List<LimitCheck> latestLimitChecks() {
        Instant latest = limitChecks.stream().map(LimitCheck::checkedAt).filter(java.util.Objects::nonNull)
                .max(Instant::compareTo).orElse(null);
        return limitChecks.stream().filter(c -> java.util.Objects.equals(c.checkedAt(), latest)).toList();
    }

    /** Who entered the order: an integration (type API_TOKEN, ...) or an operator with their username. */
    public record Maker(String type, String id, String username) {
        /** The name to show: the username when the maker is an operator, else the integration's id. */
        public String name() {
            return username != null ? username : id;
        }
    }

    /** An operator named by id and username. */
    public record Person(String id, String username) {
    }

    /** Approvals so far: {@code given} of {@code required}, by whom and when. */
    public record Approvals(int given, int required, String label, List<Approver> by) {
        public Approvals {
            by = by == null ? List.of() : List.copyOf(by);
        }
    }

    public record Approver(String type, String id, String username, Instant at) {
        public String name() {
            return username != null ? username : id;
        }
    }

    /** True when the order needs two approvals and has one: "1 of 2 — approved by X". */
    public boolean partlyApproved() {
        return approvals != null && approvals.given() > 0 && approvals.given() < approvals.required();
    }

    /** This order with {@code by} holding its claim until {@code until} (null, null: unclaimed), as a live event says. */
    public OrderView withClaim(Person by, Instant until) {
        return new OrderView(id, type, status, playerId, amount, currency, gameName, paymentMethod, source, createdAt,
                updatedAt, approvedByType, approvedById, approvedAt, approvalNote, executionAttempts, executedAt,
                executionError, executionResult, rejectionReason, rejectedAt, voidReason, ledgerTransactionIds, history,
                duplicate, limitChecks, flags, fraudScore, fraudLevel, proof, createdBy, approvedByUsername,
                rejectedByUsername, approvals, by, by == null ? null : until);
    }

    /** Whether someone holds a claim that is live at {@code now}. */
    public boolean claimedAt(Instant now) {
        return claimedBy != null && (claimExpiresAt == null || claimExpiresAt.isAfter(now));
    }

    /** Where the order came from. */
    public record Source(String channel, String conversationId) {
    }

    /** One status change of the order. */
    public record HistoryEntry(Instant at, String fromStatus, String toStatus, String actorType, String actorId,
                               String note) {
    }

    /** The provider's reference for the executed transfer ({@code executionResult.transactionId}), if any. */
    public String providerReference() {
        return text(executionResult, "transactionId");
    }

    /** The provider's error code ({@code executionResult.errorCode}), if the execution failed with one. */
    public String executionErrorCode() {
        return text(executionResult, "errorCode");
    }

    /** The provider's own error message ({@code executionResult.error}), without the code the server appends. */
    public String executionErrorMessage() {
        String message = text(executionResult, "error");
        return message != null ? message : executionError;
    }

    private static String text(JsonNode node, String field) {
        if (node == null || !node.hasNonNull(field)) {
            return null;
        }
        return node.get(field).asText();
    }
}
