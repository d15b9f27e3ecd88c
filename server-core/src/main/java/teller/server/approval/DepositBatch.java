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
import teller.server.ledger.Leg;
import teller.server.ledger.Ledger;
import teller.server.orders.ListedOrder;
import teller.server.orders.OrderEvents;
import teller.server.orders.OrderPeople;
import teller.server.orders.OrderStatus;
import teller.server.orders.OrderStore;
import teller.server.orders.OrderType;
import teller.server.risk.LimitCheck;
import teller.server.risk.PlayerActivity;

/**
 * One group-commit batch of deposit approvals, decided and written in the caller's transaction
 * (decision 0002, 0060): the batch's players' risk locks and the orders' row locks are taken, the
 * facts of every approval are read by one query, the rules decide each approval in arrival order in
 * memory (an approval sees what the earlier ones of the batch did to its order and its player), and
 * the accepted deposits are written by one call of {@code approval_apply_deposits}. An approval sent
 * with an Idempotency-Key claims it and stores its answer here too, and the decided orders are read
 * once at the end for the answers (decision 0102): one transaction and one commit per batch.
 */
final class DepositBatch {
    private final ApprovalStore approvals;
    private final ApprovalFactsStore facts;
    private final ApprovalRules rules;
    private final DecisionWrites writes;
    private final OrderClaims claims;
    private final Ledger ledger;
    private final OrderStore orders;
    private final Clock clock;

    /** What one approval of the batch came to: an outcome, or the refusal its future fails with. */
    record Answer(DepositOutcome outcome, RuntimeException refusal) {
    }

    DepositBatch(ApprovalStore approvals, ApprovalFactsStore facts, ApprovalRules rules, DecisionWrites writes,
                 OrderClaims claims, Ledger ledger, OrderStore orders, Clock clock) {
        this.approvals = approvals;
        this.facts = facts;
        this.rules = rules;
        this.writes = writes;
        this.claims = claims;
        this.ledger = ledger;
        this.orders = orders;
        this.clock = clock;
    }

    List<Answer> decide(List<DepositApproval> batch, long bucketHint) {
        List<Long> ids = batch.stream().map(DepositApproval::orderId).toList();
        facts.lockPlayers(ids);
        approvals.lockForDecision(ids);
        Instant now = clock.instant();
        List<ApprovalFacts> loaded = facts.load(batch.stream()
                .map(a -> new ApprovalFactsStore.Request(a.orderId(), ApprovalService.callerId(a.actor()))).toList(), now);

        Map<Long, ListedOrder> decided = new HashMap<>();
        Map<String, PlayerActivity> activity = new HashMap<>();
        Map<Long, List<LimitCheck>> checks = new LinkedHashMap<>();
        Map<Long, OrderPeople> endedClaims = new LinkedHashMap<>();
        List<ApprovalStore.DepositWrite> posted = new ArrayList<>();
        List<Integer> postedAt = new ArrayList<>();
        List<Integer> firstAt = new ArrayList<>();
        Answer[] answers = new Answer[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            DepositApproval approval = batch.get(i);
            ApprovalFacts fact = loaded.get(i);
            if (fact != null && fact.order().type() != OrderType.DEPOSIT) {
                // The order's type never changes: a game load or withdrawal takes the execution path.
                answers[i] = new Answer(new DepositOutcome(approval.orderId(), DepositOutcome.Kind.NOT_A_DEPOSIT, null,
                        null), null);
                continue;
            }
            ApprovalReceipt receipt = approval.receipt();
            if (receipt != null && !receipt.records().claim(receipt.principal(), receipt.key(), receipt.methodPath(),
                    receipt.requestHash())) {
                answers[i] = new Answer(new DepositOutcome(approval.orderId(), DepositOutcome.Kind.ALREADY_RECORDED, null,
                        null), null);
                continue;
            }
            if (fact == null) {
                answers[i] = refused(receipt, new NotFoundException("order", String.valueOf(approval.orderId())));
                continue;
            }
            // What earlier approvals of this batch did to the order and to the player.
            String playerId = fact.order().playerId();
            fact = fact.after(decided.getOrDefault(approval.orderId(), fact.listed()),
                    activity.getOrDefault(playerId, fact.activity()));
            Verdict verdict = rules.evaluate(fact, approval.actor(), ApprovalRules.Intent.APPROVE, now);
            if (DecisionWrites.recordsChecks(verdict)) {
                checks.computeIfAbsent(approval.orderId(), k -> new ArrayList<>()).addAll(verdict.limitChecks());
            }
            switch (verdict.action()) {
                case REFUSE -> {
                    if (verdict.auditDenial()) {
                        writes.denied(approval.actor(), fact.order(), verdict.refusal());
                    }
                    answers[i] = refused(receipt, verdict.refusal());
                }
                case RECORD_FIRST_APPROVAL -> {
                    writes.firstApproval(fact.order(), approval.actor(), approval.note());
                    endedClaims.putIfAbsent(approval.orderId(), fact.people());
                    List<OrderPeople.GivenApproval> given = new ArrayList<>(fact.people().approvals());
                    given.add(new OrderPeople.GivenApproval(approval.actor().type().name(), approval.actor().recordedId(),
                            approval.actor().username(), now, approval.note()));
                    decided.put(approval.orderId(), new ListedOrder(fact.order(),
                            fact.people().withApprovals(given).withClaim(null)));
                    firstAt.add(i);
                }
                case PROCEED -> {
                    posted.add(new ApprovalStore.DepositWrite(fact.order(), approval.actor(), approval.note(),
                            ApprovalPostings.depositKey(approval.orderId()), ApprovalPostings.kind(OrderType.DEPOSIT),
                            List.of(), Map.of("orderId", String.valueOf(approval.orderId())),
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
        writes.recordChecks(checks);
        List<Long> transactions = post(posted, bucketHint);
        endedClaims.forEach((orderId, people) -> claims.endWithDecision(orderId, people,
                decided.get(orderId).order().status()));
        // The decided orders as the batch left them, in one read inside the same transaction: the
        // answers are built from it, so the caller reads nothing after the batch (decision 0102).
        Map<Long, ListedOrder> after = orders.findListed(decided.keySet());
        for (int k = 0; k < postedAt.size(); k++) {
            int i = postedAt.get(k);
            answers[i] = decidedAnswer(batch.get(i), DepositOutcome.Kind.APPROVED, transactions.get(k), after);
        }
        for (int i : firstAt) {
            answers[i] = decidedAnswer(batch.get(i), DepositOutcome.Kind.FIRST_APPROVAL_RECORDED, null, after);
        }
        return List.of(answers);
    }

    /** A decided approval's outcome; its receipt, if any, stores the answer in the batch's transaction. */
    private Answer decidedAnswer(DepositApproval approval, DepositOutcome.Kind kind, Long transactionId,
                                 Map<Long, ListedOrder> after) {
        ListedOrder listed = after.get(approval.orderId());
        if (listed == null) {
            throw new IllegalStateException("order " + approval.orderId() + " vanished in its own approval batch");
        }
        ApprovalReceipt receipt = approval.receipt();
        if (receipt != null) {
            ApprovalReceipt.Stored answer = receipt.answers().decided(new ApprovalResult(listed, false));
            receipt.records().complete(receipt.principal(), receipt.key(), answer.status(), answer.body());
        }
        return new Answer(new DepositOutcome(approval.orderId(), kind, transactionId, listed), null);
    }

    /** A refusal; its receipt stores it as the key's answer, or gives the key up when it must not be stored. */
    private Answer refused(ApprovalReceipt receipt, RuntimeException refusal) {
        if (receipt != null) {
            ApprovalReceipt.Stored answer = refusal instanceof DomainException domain
                    ? receipt.answers().refused(domain) : null;
            if (answer == null) {
                receipt.records().release(receipt.principal(), receipt.key());
            } else {
                receipt.records().complete(receipt.principal(), receipt.key(), answer.status(), answer.body());
            }
        }
        return new Answer(null, refusal);
    }

    /** Writes the accepted deposits with their legs (from the one postings function) in one round trip. */
    private List<Long> post(List<ApprovalStore.DepositWrite> decided, long bucketHint) {
        if (decided.isEmpty()) {
            return List.of();
        }
        List<ApprovalPostings.Posting> all = decided.stream()
                .flatMap(w -> ApprovalPostings.transfer(w.order()).stream()).toList();
        Map<String, Long> accountIds = ApprovalPostings.accountIds(ledger, all);
        List<ApprovalStore.DepositWrite> resolved = decided.stream().map(w -> new ApprovalStore.DepositWrite(w.order(),
                w.approver(), w.note(), w.ledgerKey(), w.ledgerKind(), ApprovalPostings.transfer(w.order()).stream()
                        .map(p -> new Leg(accountIds.get(p.account()), p.amount())).toList(),
                w.ledgerMetadata(), w.announcement())).toList();
        List<Long> transactions = approvals.applyDeposits(resolved, bucketHint);
        if (transactions.size() != resolved.size()) {
            throw new IllegalStateException("batch of " + resolved.size() + " deposits produced " + transactions.size()
                    + " postings");
        }
        return transactions;
    }
}
