package teller.server.approval;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import teller.server.audit.AuditLog;
import teller.server.common.Actor;
import teller.server.common.ConflictException;
import teller.server.common.DomainException;
import teller.server.common.InvalidInputException;
import teller.server.common.NotFoundException;
import teller.server.common.Transactor;
import teller.server.events.Outbox;
import teller.server.ledger.Leg;
import teller.server.ledger.Ledger;
import teller.server.ledger.TransactionView;
import teller.server.ledger.TransferRequest;
import teller.server.orders.ListedOrder;
import teller.server.orders.Order;
import teller.server.orders.OrderEvents;
import teller.server.orders.OrderPeople;
import teller.server.orders.OrderStatus;
import teller.server.orders.OrderStore;

/**
 * The single approval path: every approve, reject, retry and void, from any channel, comes here,
 * and so does the preview of an approval. Whether an approval goes through is decided by
 * {@link ApprovalRules} alone, over facts read once under the locks the decision needs
 * (decision 0060).
 *
 * <p>Approvals are decided by the group-commit {@link DepositBatcher}: a deposit is posted there.
 * Game loads and withdrawals run in three steps so no database transaction spans an external call:
 * the decision with a hold and EXECUTING in the batch's transaction (a retry: in one of its own),
 * the provider call, then post or void of the hold in another. A crash in between leaves the order EXECUTING with a lease; {@link #recoverExpired}
 * finishes it.
 */
public final class ApprovalService {
    private final Transactor tx;
    private final OrderStore orders;
    private final ApprovalStore approvals;
    private final ApprovalFactsStore facts;
    private final Ledger ledger;
    private final AuditLog audit;
    private final Outbox outbox;
    private final DepositBatcher deposits;
    private final ProviderExecutions execution;
    private final ApprovalRules rules;
    private final DecisionWrites writes;
    private final OrderClaims claims;
    private final Clock clock;
    private final ApprovalSettings settings;

    ApprovalService(Transactor tx, OrderStore orders, ApprovalStore approvals, ApprovalFactsStore facts, Ledger ledger,
                    AuditLog audit, Outbox outbox, DepositBatcher deposits, ProviderExecutions execution,
                    ApprovalRules rules, DecisionWrites writes, OrderClaims claims, Clock clock,
                    ApprovalSettings settings) {
        this.tx = tx;
        this.orders = orders;
        this.approvals = approvals;
        this.facts = facts;
        this.ledger = ledger;
        this.audit = audit;
        this.outbox = outbox;
        this.deposits = deposits;
        this.execution = execution;
        this.rules = rules;
        this.writes = writes;
        this.claims = claims;
        this.clock = clock;
        this.settings = settings;
    }

    // ---------------------------------------------------------------- approve / retry / preview

    public ApprovalResult approve(long orderId, Actor actor, String note) {
        String cleanNote = optionalText(note, "note");
        // Straight to the batch, which reads the order under its locks and decides it there: a
        // deposit is posted, a game load or withdrawal gets its hold and EXECUTING (decision 0135).
        DepositOutcome outcome = approveDeposit(new DepositApproval(orderId, actor, cleanNote));
        if (outcome.kind() == DepositOutcome.Kind.EXECUTION_BEGUN) {
            return execute(outcome, null);
        }
        return new ApprovalResult(outcome.listed(), false);
    }

    /** What {@link #approveRecorded} came to: the decided result, or the path the edge must take instead. */
    public record Batched(DepositOutcome.Kind kind, ApprovalResult result) {
    }

    /**
     * Approve with the request's Idempotency-Key claimed, decided and answered in the batch's one
     * transaction (decision 0102); a game load or withdrawal has its key answered once its provider
     * call is over (decision 0135). A refusal is thrown after its answer was stored with the key (or
     * the key given up, for an answer that must not be stored). Not decided here:
     * {@link DepositOutcome.Kind#ALREADY_RECORDED} (the edge replays the key's answer, or waits for it).
     */
    public Batched approveRecorded(long orderId, Actor actor, String note, ApprovalReceipt receipt) {
        String cleanNote = optionalText(note, "note");
        DepositOutcome outcome = approveDeposit(new DepositApproval(orderId, actor, cleanNote, receipt));
        if (outcome.kind() == DepositOutcome.Kind.EXECUTION_BEGUN) {
            return new Batched(outcome.kind(), execute(outcome, receipt));
        }
        return new Batched(outcome.kind(), outcome.decided() ? new ApprovalResult(outcome.listed(), false) : null);
    }

    /**
     * The provider call of an attempt the batch began, outside any transaction; the answer is the
     * order as the call left it with the names the batch read back (no further read), stored with
     * the request's key when it has one. A failure gives the key up, so a retry runs.
     */
    private ApprovalResult execute(DepositOutcome begun, ApprovalReceipt receipt) {
        ApprovalResult result;
        try {
            ProviderExecutions.Ran ran = execution.run(begun.ticket());
            result = new ApprovalResult(new ListedOrder(ran.order(), begun.listed().people()), ran.inFlight());
        } catch (RuntimeException e) {
            if (receipt != null) {
                receipt.records().release(receipt.principal(), receipt.key());
            }
            throw e;
        }
        if (receipt != null) {
            ApprovalReceipt.Stored answer = receipt.answers().decided(result);
            receipt.records().complete(receipt.principal(), receipt.key(), answer.status(), answer.body());
        }
        return result;
    }

    /**
     * Executes an APPROVED_FAILED game load or withdrawal again, as a new attempt with a new key,
     * under the same rules as approve (the caller's cap included).
     */
    public ApprovalResult retry(long orderId, Actor actor) {
        return decideExecution(orderId, actor, null, ApprovalRules.Intent.RETRY);
    }

    /**
     * What approve by {@code actor} would do now: every check, the ledger legs it would write and
     * where the approvals stand. Decided by the same rules over the same facts, read without locks,
     * and changes nothing. {@code mayDecide} is whether the caller's roles let it approve at all (the
     * approve route's access, which the HTTP edge enforces); when not, a ROLE check says so first.
     */
    public ApprovalPreview preview(long orderId, Actor actor, boolean mayDecide) {
        Instant now = clock.instant();
        ApprovalFacts fact = tx.read(() -> load(orderId, actor, now));
        Verdict verdict = rules.evaluate(fact, actor, ApprovalRules.Intent.APPROVE, now);
        List<Check> checks = new ArrayList<>(verdict.checks());
        checks.add(0, CallerChecks.role(mayDecide));
        ListedOrder listed = fact.listed();
        return new ApprovalPreview(orderId, listed.order().currency(), mayDecide && verdict.canApprove(), checks,
                ApprovalPostings.of(listed.order()), ApprovalRules.progress(listed.order(), listed.people()));
    }

    /** Where an order's approvals stand. */
    public ApprovalProgress progress(ListedOrder listed) {
        return ApprovalRules.progress(listed.order(), listed.people());
    }

    private DepositOutcome approveDeposit(DepositApproval approval) {
        try {
            return deposits.approve(approval, settings.approvalWaitMax());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while approving order " + approval.orderId(), e);
        }
    }

    /** What the deciding transaction of a game load or withdrawal ends with. */
    private record Decided(ProviderExecutions.Ticket ticket, DomainException refusal, OrderPeople people) {
    }

    private ApprovalResult decideExecution(long orderId, Actor actor, String note, ApprovalRules.Intent intent) {
        Decided decided = tx.inTransaction(() -> {
            Instant now = clock.instant();
            // Locks and facts in one round trip, as the batch takes them (decision 0135).
            ApprovalFacts fact = withProvider(facts.lockAndLoad(
                    List.of(new ApprovalFactsStore.Request(orderId, callerId(actor))),
                    java.util.Collections.singletonList(null), now).facts().get(0), orderId);
            Verdict verdict = rules.evaluate(fact, actor, intent, now);
            Order order = fact.order();
            if (DecisionWrites.recordsChecks(verdict)) {
                writes.recordChecks(Map.of(orderId, verdict.limitChecks()));
            }
            switch (verdict.action()) {
                case REFUSE -> {
                    if (!verdict.auditDenial()) {
                        throw verdict.refusal();
                    }
                    // A player rule refused: the checks and the DENIED row commit, the order stays as it was.
                    writes.denied(actor, order, verdict.refusal());
                    return new Decided(null, verdict.refusal(), null);
                }
                case RECORD_FIRST_APPROVAL -> {
                    writes.firstApproval(order, actor, note);
                    claims.endWithDecision(orderId, fact.people(), order.status());
                    return new Decided(null, null, null);
                }
                default -> {
                    ProviderExecutions.Ticket ticket = execution.begin(order, actor, note,
                            intent == ApprovalRules.Intent.RETRY);
                    claims.endWithDecision(orderId, fact.people(), OrderStatus.EXECUTING);
                    return new Decided(ticket, null, fact.people().withClaim(null));
                }
            }
        });
        if (decided.refusal() != null) {
            throw decided.refusal();
        }
        if (decided.ticket() == null) {
            return new ApprovalResult(listed(orderId), false);
        }
        // The answer is the order as the provider step left it, with the names read under the lock.
        ProviderExecutions.Ran ran = execution.run(decided.ticket());
        return new ApprovalResult(new ListedOrder(ran.order(), decided.people()), ran.inFlight());
    }

    /** The facts of one order for one caller, with its provider's state now; in the caller's unit of work. */
    private ApprovalFacts load(long orderId, Actor actor, Instant now) {
        return withProvider(facts.load(List.of(new ApprovalFactsStore.Request(orderId, callerId(actor))), now).get(0),
                orderId);
    }

    private ApprovalFacts withProvider(ApprovalFacts fact, long orderId) {
        if (fact == null) {
            throw new NotFoundException("order", String.valueOf(orderId));
        }
        return OrderChecks.executes(fact.order().type())
                ? fact.withProvider(ProviderState.of(execution.providerFor(fact.order().type()))) : fact;
    }

    /** The operator whose cap and roles count: the operator behind a console session or the Telegram bot. */
    static String callerId(Actor actor) {
        return ApprovalRules.actsAsOperator(actor) ? actor.id() : null;
    }

    // ---------------------------------------------------------------- recovery

    /**
     * Finishes EXECUTING orders whose lease ran out (their process died or gave up), asking the
     * provider by the attempt's key; the recovery worker calls this. Returns how many were settled.
     */
    public int recoverExpired() {
        return execution.recoverExpired();
    }

    // ---------------------------------------------------------------- reject / void

    public ListedOrder reject(long orderId, Actor actor, String reason) {
        String cleanReason = requiredText(reason, "reason");
        return tx.inTransaction(() -> {
            Order order = approvals.lockForDecision(orderId)
                    .orElseThrow(() -> new NotFoundException("order", String.valueOf(orderId)));
            ListedOrder listed = orders.findListed(orderId).orElseThrow();
            Verdict verdict = rules.evaluateReject(order, listed.people(), actor, clock.instant());
            if (verdict.refusal() != null) {
                throw verdict.refusal();
            }
            approvals.reject(order, actor, cleanReason);
            OrderEvents.rejected(actor, order, cleanReason).publish(audit, outbox);
            claims.endWithDecision(orderId, listed.people(), OrderStatus.REJECTED);
            return orders.findListed(orderId).orElseThrow();
        });
    }

    /** Reverses an executed order with a reversing ledger transaction; refused if the wallet cannot cover it. */
    public ListedOrder voidOrder(long orderId, Actor actor, String reason) {
        String cleanReason = requiredText(reason, "reason");
        return tx.inTransaction(() -> {
            Order order = approvals.lockForDecision(orderId)
                    .orElseThrow(() -> new NotFoundException("order", String.valueOf(orderId)));
            if (order.status() != OrderStatus.APPROVED_EXECUTED) {
                throw new ConflictException("ORDER_NOT_VOIDABLE", "only an APPROVED_EXECUTED order can be voided; order "
                        + orderId + " is " + order.status(), Map.of("status", order.status().name()));
            }
            Long postingId = order.execution().postingTransactionId();
            TransactionView posting = ledger.transaction(postingId == null ? -1 : postingId)
                    .orElseThrow(() -> new IllegalStateException("executed order " + orderId + " has no posting"));
            List<Leg> reversed = posting.entries().stream().map(e -> new Leg(e.accountId(), -e.amount())).toList();
            long reversalId = ledger.transfer(new TransferRequest("order:" + orderId + ":void", "REVERSAL", orderId,
                    posting.currency(), reversed, false, Map.of("orderId", String.valueOf(orderId), "reason", cleanReason),
                    posting.id())).transactionId();
            approvals.markVoided(order, actor, cleanReason, reversalId);
            OrderEvents.voided(actor, order, cleanReason, reversalId).publish(audit, outbox);
            return orders.findListed(orderId).orElseThrow();
        });
    }

    // ---------------------------------------------------------------- helpers

    private ListedOrder listed(long orderId) {
        return tx.read(() -> orders.findListed(orderId)).orElseThrow(() -> new NotFoundException("order",
                String.valueOf(orderId)));
    }

    private String requiredText(String value, String field) {
        String text = optionalText(value, field);
        if (text == null) {
            throw new InvalidInputException(field, field + " is required");
        }
        return text;
    }

    private String optionalText(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        if (text.length() > settings.reasonLengthMax()) {
            throw new InvalidInputException(field, field + " is longer than " + settings.reasonLengthMax() + " characters");
        }
        return text;
    }
}
