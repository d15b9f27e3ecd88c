package teller.server.approval;

import teller.server.common.Actor;

/** One approve request for the batcher; {@code receipt} (may be null) records its Idempotency-Key in the batch. */
public record DepositApproval(long orderId, Actor actor, String note, ApprovalReceipt receipt) {
    public DepositApproval(long orderId, Actor actor, String note) {
        this(orderId, actor, note, null);
    }
}
