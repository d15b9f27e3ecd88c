package teller.server.approval;

import java.util.Optional;
import teller.server.orders.Order;

/**
 * The order after a decision; {@code inFlight} when a provider is still executing it (HTTP 202).
 * {@code progress} is present when the decision already knows the order's maker-checker progress,
 * so the answer needs no further read.
 */
public record ApprovalResult(Order order, boolean inFlight, Optional<ApprovalProgress> progress) {
    public ApprovalResult(Order order, boolean inFlight) {
        this(order, inFlight, Optional.empty());
    }

    ApprovalResult withProgress(ApprovalProgress known) {
        return new ApprovalResult(order, inFlight, Optional.of(known));
    }
}
