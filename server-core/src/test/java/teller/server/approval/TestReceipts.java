package teller.server.approval;

import teller.server.common.DomainException;
import teller.server.common.IdempotencyRecords;

/** Receipts for approvals sent with an Idempotency-Key in tests, with answers that name the outcome. */
final class TestReceipts {
    private TestReceipts() {
    }

    static ApprovalReceipt of(IdempotencyRecords records, String principal, String key, long orderId) {
        return new ApprovalReceipt(records, principal, key, "POST /approve/" + orderId, "hash-" + orderId,
                new ApprovalReceipt.Answers() {
                    @Override
                    public ApprovalReceipt.Stored decided(ApprovalResult result) {
                        return new ApprovalReceipt.Stored(200, "{\"status\":\"" + result.order().status() + "\"}");
                    }

                    @Override
                    public ApprovalReceipt.Stored refused(DomainException refusal) {
                        return new ApprovalReceipt.Stored(409, "{\"error\":\"" + refusal.code() + "\"}");
                    }
                });
    }
}
