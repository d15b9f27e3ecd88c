package teller.server.approval;

import java.util.List;
import java.util.OptionalLong;
import teller.server.common.Actor;

/**
 * Maker-checker settings, and the first approvals of orders that need two (read with the orders
 * themselves, see {@code orders.OrderPeople}). Implemented by the database layer; every method joins
 * the caller's transaction.
 */
public interface ApprovalPolicyStore {
    /** Orders of this currency at or above the amount need two approvers; empty when none is set. */
    OptionalLong dualApprovalMin(String currency);

    /** The largest amount an operator may approve in the currency; empty when uncapped. */
    OptionalLong approvalCap(String operatorId, String currency);

    void recordApproval(long orderId, Actor approver, String note);

    /** Sets the threshold, or removes it when {@code amountMin} is null. */
    void setDualApprovalMin(String currency, Long amountMin, Actor by);

    /** Sets the cap, or removes it when {@code amountMax} is null; false when there is no such operator. */
    boolean setApprovalCap(long operatorId, String currency, Long amountMax, Actor by);

    List<Threshold> thresholds();

    List<Cap> caps();

    record Threshold(String currency, long amountMin) {
    }

    record Cap(String operatorId, String currency, long amountMax) {
    }
}
