package teller.server.approval;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import teller.server.common.Actor;
import teller.server.common.DomainException;
import teller.server.common.NotFoundException;
import teller.server.orders.ListedOrder;
import teller.server.orders.Order;
import teller.server.orders.OrderEvents;
import teller.server.orders.OrderPeople;
import teller.server.orders.OrderStatus;
import teller.server.orders.OrderType;
import teller.server.risk.PlayerActivity;

/**
 * One group-commit batch of deposit approvals, decided and written in the caller's transaction
 * (decisions 0002, 0060, 0102) in a fixed number of round trips whatever the batch's size
 * (decisions 0135, 0170):
 * <ol>
 *   <li>locks and facts: the batch's players' risk locks, the orders' row locks, each approval's
 *       Idempotency-Key claimed, and the facts of every approval, read after the locks, with the
 *       transaction's time and one ledger transaction id drawn per approval;</li>
 *   <li>the rules decide each approval in arrival order in memory (an approval sees what the
 *       earlier ones of the batch did to its order and its player), gathering the writes; each
 *       decided order is known as the apply will leave it (its posting's id and the transaction's
 *       time were read in step 1), so every answer is rendered here;</li>
 *   <li>apply and commit: every write of the batch (limit checks, first approvals, denials,
 *       postings, ended claims, every key's answer) in one call, with the COMMIT.</li>
 * </ol>
 * {@code BatchAnswersMatchTheOrderTest} pins that an answer equals the order read after the commit.
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

        Instant at = locked.transactionTime();
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
                            locked.callerNames().get(i), at, approval.note()));
                    given.sort(GIVEN_ORDER);
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
                                fact.people().withApprovedBy(approvedBy(approval.actor(), locked, i)).withClaim(null)));
                        activity.put(playerId, fact.activity().plus(type, fact.order().amount(), now));
                        continue;
                    }
                    writes.deposit(new ApprovalStore.DepositWrite(fact.order(), approval.actor(), approval.note(),
                            ApprovalPostings.depositKey(approval.orderId()), ApprovalPostings.kind(OrderType.DEPOSIT),
                            ApprovalPostings.transfer(fact.order()), Map.of("orderId", String.valueOf(approval.orderId())),
                            OrderEvents.approved(approval.actor(), fact.order(), OrderStatus.APPROVED_EXECUTED, 1, false,
                                    null), locked.ledgerIds().get(i)));
                    postedAt.add(i);
                    endedClaims.putIfAbsent(approval.orderId(), fact.people());
                    decided.put(approval.orderId(), new ListedOrder(
                            posted(fact.order(), approval.actor(), approval.note(), locked.ledgerIds().get(i), at),
                            fact.people().withApprovedBy(approvedBy(approval.actor(), locked, i)).withClaim(null)));
                    activity.put(playerId, fact.activity().plus(OrderType.DEPOSIT, fact.order().amount(), now));
                }
            }
        }
        endedClaims.forEach((orderId, people) -> claims.endWithDecision(writes, orderId, people,
                decided.get(orderId).order().status()));
        // Every answer is rendered from what the rules decided, before the apply; the answers ride
        // with the writes and the COMMIT in one round trip (decision 0170).
        List<Long> postings = new ArrayList<>();
        for (int i : postedAt) {
            postings.add(locked.ledgerIds().get(i));
            answers[i] = decidedAnswer(batch.get(i), DepositOutcome.Kind.APPROVED, locked.ledgerIds().get(i), decided,
                    writes);
        }
        for (int i : firstAt) {
            answers[i] = decidedAnswer(batch.get(i), DepositOutcome.Kind.FIRST_APPROVAL_RECORDED, null, decided, writes);
        }
        // A begun execution's key is answered after its provider call (ApprovalService).
        begun.forEach((i, ticket) -> answers[i] = new Answer(new DepositOutcome(batch.get(i).orderId(),
                DepositOutcome.Kind.EXECUTION_BEGUN, null, decided.get(batch.get(i).orderId()), ticket), null));
        List<Long> recorded = approvals.applyBatchAndCommit(writes, bucketHint);
        if (!recorded.equals(postings)) {
            throw new IllegalStateException("batch posted " + recorded + ", not the transactions drawn for it " + postings);
        }
        return List.of(answers);
    }

    /** First approvals as the order's people list them: by time, then approver id. */
    private static final Comparator<OrderPeople.GivenApproval> GIVEN_ORDER = Comparator
            .comparing(OrderPeople.GivenApproval::at).thenComparing(OrderPeople.GivenApproval::approverId);

    /** The approver's username as the order's people name it: an operator's (or the bot acting for one). */
    private static String approvedBy(Actor actor, ApprovalFactsStore.Locked locked, int i) {
        return ApprovalRules.actsAsOperator(actor) ? locked.callerNames().get(i) : null;
    }

    /**
     * The order as {@code approval_apply_deposits} leaves it (decision 0170): APPROVED_EXECUTED by
     * {@code approver} at the transaction's time, posted as {@code transactionId}.
     */
    static Order posted(Order order, Actor approver, String note, long transactionId, Instant at) {
        Order.Execution e = order.execution();
        return new Order(order.id(), order.type(), OrderStatus.APPROVED_EXECUTED, order.playerId(), order.amount(),
                order.currency(), order.gameName(), order.paymentMethod(), order.channel(), order.conversationId(),
                order.idempotencyKey(), order.requestHash(), order.proofSha256(), order.createdByType(),
                order.createdById(), order.createdAt(), at,
                new Order.Approval(ApprovalStore.approverType(approver), approver.id(), at, note),
                new Order.Execution(e.attempts() + 1, e.leaseUntil(), at, null,
                        Map.of("ledgerTransactionId", String.valueOf(transactionId)), e.holdTransactionId(),
                        transactionId, e.reversalTransactionId()),
                order.rejection(), order.voiding());
    }

    /** A decided approval's outcome; its receipt, if any, gets the answer stored with the commit. */
    private static Answer decidedAnswer(DepositApproval approval, DepositOutcome.Kind kind, Long transactionId,
                                        Map<Long, ListedOrder> decided, BatchWrites writes) {
        ListedOrder listed = decided.get(approval.orderId());
        ApprovalReceipt receipt = approval.receipt();
        if (receipt != null) {
            ApprovalReceipt.Stored answer = receipt.answers().decided(new ApprovalResult(listed, false));
            writes.answer(new BatchWrites.KeyAnswer(receipt.principal(), receipt.key(), answer.status(), answer.body()));
        }
        return new Answer(new DepositOutcome(approval.orderId(), kind, transactionId, listed), null);
    }

    /** A refusal; its receipt stores it as the key's answer, or gives the key up when it must not be stored. */
    private static Answer refused(BatchWrites writes, ApprovalReceipt receipt, RuntimeException refusal) {
        if (receipt != null) {
            ApprovalReceipt.Stored answer = refusal instanceof DomainException domain
                    ? receipt.answers().refused(domain) : null;
            writes.answer(answer == null ? new BatchWrites.KeyAnswer(receipt.principal(), receipt.key(), null, null)
                    : new BatchWrites.KeyAnswer(receipt.principal(), receipt.key(), answer.status(), answer.body()));
        }
        return new Answer(null, refusal);
    }
}
