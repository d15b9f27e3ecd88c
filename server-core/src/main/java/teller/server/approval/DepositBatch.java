package teller.server.approval;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import teller.server.common.DomainException;
import teller.server.common.NotFoundException;
import teller.server.orders.ListedOrder;
import teller.server.orders.OrderEvents;
import teller.server.orders.OrderPeople;
import teller.server.orders.OrderStatus;
import teller.server.orders.OrderType;
import teller.server.risk.PlayerActivity;

/**
 * One group-commit batch of deposit approvals, decided and written in the caller's transaction
 * (decisions 0002, 0060, 0102) in a fixed number of round trips whatever the batch's size
 * (decision 0135):
 * <ol>
 *   <li>locks and facts: the batch's players' risk locks, the orders' row locks, each approval's
 *       Idempotency-Key claimed, and the facts of every approval, read after the locks;</li>
 *   <li>the rules decide each approval in arrival order in memory (an approval sees what the
 *       earlier ones of the batch did to its order and its player), gathering the writes;</li>
 *   <li>apply: every write of the batch (limit checks, first approvals, denials, postings, ended
 *       claims, refused keys) in one call, and the decided orders read back for the answers;</li>
 *   <li>the decided answers stored with their keys, with the commit.</li>
 * </ol>
 * The third round trip exists because a decided answer is rendered (by the edge) from the order as
 * the apply left it; the commit rides with it.
 */
final class DepositBatch {
    private final ApprovalStore approvals;
    private final ApprovalFactsStore facts;
    private final ApprovalRules rules;
    private final OrderClaims claims;
    private final ProviderExecutions execution;
    private final Clock clock;

    /** What one approval of the batch came to: an outcome, or the refusal its future fails with. */
    record Answer(DepositOutcome outcome, RuntimeException refusal) {
    }

    DepositBatch(ApprovalStore approvals, ApprovalFactsStore facts, ApprovalRules rules, OrderClaims claims,
                 ProviderExecutions execution, Clock clock) {
        this.approvals = approvals;
        this.facts = facts;
        this.rules = rules;
        this.claims = claims;
        this.execution = execution;
        this.clock = clock;
    }

    /** Decides the batch and commits the caller's transaction with its last round trip. */
    List<Answer> decide(List<DepositApproval> batch, long bucketHint) {
        Instant now = clock.instant();
        List<ApprovalFactsStore.KeyClaim> keys = batch.stream().map(a -> {
            ApprovalReceipt r = a.receipt();
            return r == null ? null : new ApprovalFactsStore.KeyClaim(r.principal(), r.key(), r.methodPath(),
                    r.requestHash(), r.records().claimOwner());
        }).toList();
        ApprovalFactsStore.Locked locked = facts.lockAndLoad(batch.stream()
                .map(a -> new ApprovalFactsStore.Request(a.orderId(), ApprovalService.callerId(a.actor()))).toList(),
                keys, now);

        BatchWrites writes = new BatchWrites();
        Map<Long, ListedOrder> decided = new HashMap<>();
        Map<String, PlayerActivity> activity = new HashMap<>();
        Map<Long, OrderPeople> endedClaims = new LinkedHashMap<>();
        List<Integer> postedAt = new ArrayList<>();
        List<Integer> firstAt = new ArrayList<>();
        Map<Integer, ProviderExecutions.Ticket> begun = new LinkedHashMap<>();
        Answer[] answers = new Answer[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            DepositApproval approval = batch.get(i);
            ApprovalFacts fact = locked.facts().get(i);
            ApprovalReceipt receipt = approval.receipt();
            if (receipt != null && !Boolean.TRUE.equals(locked.claimed().get(i))) {
                answers[i] = new Answer(new DepositOutcome(approval.orderId(), DepositOutcome.Kind.ALREADY_RECORDED, null,
                        null), null);
                continue;
            }
            if (fact == null) {
                answers[i] = refused(writes, receipt, new NotFoundException("order", String.valueOf(approval.orderId())));
                continue;
            }
            // What earlier approvals of this batch did to the order and to the player.
            String playerId = fact.order().playerId();
            OrderType type = fact.order().type();
            if (OrderChecks.executes(type)) {
                fact = fact.withProvider(ProviderState.of(execution.providerFor(type)));
            }
            fact = fact.after(decided.getOrDefault(approval.orderId(), fact.listed()),
                    activity.getOrDefault(playerId, fact.activity()));
            Verdict verdict = rules.evaluate(fact, approval.actor(), ApprovalRules.Intent.APPROVE, now);
            if (DecisionWrites.recordsChecks(verdict)) {
                writes.checks(approval.orderId(), verdict.limitChecks());
            }
            switch (verdict.action()) {
                case REFUSE -> {
                    if (verdict.auditDenial()) {
                        DecisionWrites.denied(writes, approval.actor(), fact.order(), verdict.refusal());
                    }
                    answers[i] = refused(writes, receipt, verdict.refusal());
                }
                case RECORD_FIRST_APPROVAL -> {
                    DecisionWrites.firstApproval(writes, fact.order(), approval.actor(), approval.note());
                    endedClaims.putIfAbsent(approval.orderId(), fact.people());
                    List<OrderPeople.GivenApproval> given = new ArrayList<>(fact.people().approvals());
                    given.add(new OrderPeople.GivenApproval(approval.actor().type().name(), approval.actor().recordedId(),
                            approval.actor().username(), now, approval.note()));
                    decided.put(approval.orderId(), new ListedOrder(fact.order(),
                            fact.people().withApprovals(given).withClaim(null)));
                    firstAt.add(i);
                }
                case PROCEED -> {
                    if (type != OrderType.DEPOSIT) {
                        // A game load or withdrawal: its hold and EXECUTING now, the provider after the commit.
                        begun.put(i, execution.begin(fact.order(), approval.actor(), approval.note(), false));
                        endedClaims.putIfAbsent(approval.orderId(), fact.people());
                        decided.put(approval.orderId(), new ListedOrder(fact.order().withStatus(OrderStatus.EXECUTING),
                                fact.people().withClaim(null)));
                        activity.put(playerId, fact.activity().plus(type, fact.order().amount(), now));
                        continue;
                    }
                    writes.deposit(new ApprovalStore.DepositWrite(fact.order(), approval.actor(), approval.note(),
                            ApprovalPostings.depositKey(approval.orderId()), ApprovalPostings.kind(OrderType.DEPOSIT),
                            ApprovalPostings.transfer(fact.order()), Map.of("orderId", String.valueOf(approval.orderId())),
                            OrderEvents.approved(approval.actor(), fact.order(), OrderStatus.APPROVED_EXECUTED, 1, false,
                                    null)));
                    postedAt.add(i);
                    endedClaims.putIfAbsent(approval.orderId(), fact.people());
                    decided.put(approval.orderId(), new ListedOrder(fact.order().withStatus(OrderStatus.APPROVED_EXECUTED),
                            fact.people().withClaim(null)));
                    activity.put(playerId, fact.activity().plus(OrderType.DEPOSIT, fact.order().amount(), now));
                }
            }
        }
        endedClaims.forEach((orderId, people) -> claims.endWithDecision(writes, orderId, people,
                decided.get(orderId).order().status()));
        // Every write, and the decided orders as the batch left them, in one round trip: the answers
        // are built from that read, so the caller reads nothing after the batch (decision 0102).
        ApprovalStore.Applied applied = approvals.applyBatch(writes, bucketHint, decided.keySet());
        if (applied.transactions().size() != postedAt.size()) {
            throw new IllegalStateException("batch of " + postedAt.size() + " deposits produced "
                    + applied.transactions().size() + " postings");
        }
        List<BatchWrites.KeyAnswer> stored = new ArrayList<>();
        for (int k = 0; k < postedAt.size(); k++) {
            int i = postedAt.get(k);
            answers[i] = decidedAnswer(batch.get(i), DepositOutcome.Kind.APPROVED, applied.transactions().get(k),
                    applied.readBack(), stored);
        }
        for (int i : firstAt) {
            answers[i] = decidedAnswer(batch.get(i), DepositOutcome.Kind.FIRST_APPROVAL_RECORDED, null,
                    applied.readBack(), stored);
        }
        // A begun execution's key is answered after its provider call (ApprovalService).
        begun.forEach((i, ticket) -> answers[i] = new Answer(new DepositOutcome(batch.get(i).orderId(),
                DepositOutcome.Kind.EXECUTION_BEGUN, null, applied.readBack().get(batch.get(i).orderId()), ticket), null));
        approvals.storeAnswersAndCommit(stored);
        return List.of(answers);
    }

    /** A decided approval's outcome; its receipt, if any, gets the answer stored with the commit. */
    private static Answer decidedAnswer(DepositApproval approval, DepositOutcome.Kind kind, Long transactionId,
                                        Map<Long, ListedOrder> after, List<BatchWrites.KeyAnswer> stored) {
        ListedOrder listed = after.get(approval.orderId());
        if (listed == null) {
            throw new IllegalStateException("order " + approval.orderId() + " vanished in its own approval batch");
        }
        ApprovalReceipt receipt = approval.receipt();
        if (receipt != null) {
            ApprovalReceipt.Stored answer = receipt.answers().decided(new ApprovalResult(listed, false));
            stored.add(new BatchWrites.KeyAnswer(receipt.principal(), receipt.key(), answer.status(), answer.body()));
        }
        return new Answer(new DepositOutcome(approval.orderId(), kind, transactionId, listed), null);
    }

    /** A refusal; its receipt stores it as the key's answer, or gives the key up when it must not be stored. */
    private static Answer refused(BatchWrites writes, ApprovalReceipt receipt, RuntimeException refusal) {
        if (receipt != null) {
            ApprovalReceipt.Stored answer = refusal instanceof DomainException domain
                    ? receipt.answers().refused(domain) : null;
            writes.refusal(answer == null ? new BatchWrites.KeyAnswer(receipt.principal(), receipt.key(), null, null)
                    : new BatchWrites.KeyAnswer(receipt.principal(), receipt.key(), answer.status(), answer.body()));
        }
        return new Answer(null, refusal);
    }
}
