package teller.server.approval;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import teller.server.audit.AuditEvent;
import teller.server.audit.AuditLog;
import teller.server.common.Actor;
import teller.server.common.ActorType;
import teller.server.common.ConflictException;
import teller.server.common.DomainException;
import teller.server.common.ForbiddenException;
import teller.server.common.InvalidInputException;
import teller.server.common.NotFoundException;
import teller.server.common.RuleViolationException;
import teller.server.common.Transactor;
import teller.server.events.EventTypes;
import teller.server.events.Outbox;
import teller.server.ledger.Leg;
import teller.server.ledger.Ledger;
import teller.server.ledger.TransactionView;
import teller.server.ledger.TransferRequest;
import teller.server.orders.Order;
import teller.server.orders.OrderIntakeService;
import teller.server.orders.OrderStatus;
import teller.server.orders.OrderStore;
import teller.server.orders.OrderType;
import teller.server.players.PlayerStore;
import teller.server.provider.ExecutionProvider;
import teller.server.provider.ProviderKind;

/**
 * The single approval path: every approve, reject, retry and void, from any channel, comes here.
 *
 * <p>Deposits are posted at once (through the group-commit {@link DepositBatcher}). Game loads and
 * withdrawals run in three steps so no database transaction spans an external call: a hold and
 * EXECUTING in one transaction, the provider call, then post or void of the hold in another.
 * A crash in between leaves the order EXECUTING with a lease; {@link #recoverExpired} finishes it.
 */
public final class ApprovalService {
    private final Transactor tx;
    private final OrderStore orders;
    private final ApprovalStore approvals;
    private final Ledger ledger;
    private final AuditLog audit;
    private final Outbox outbox;
    private final DepositBatcher deposits;
    private final ProviderExecutions execution;
    private final ApprovalSettings settings;
    private final ApprovalGate gate;
    private final MakerChecker makerChecker;

    /** {@code gate} must be the same one the {@code deposits} batcher screens with. */
    public ApprovalService(Transactor tx, OrderStore orders, ApprovalStore approvals, PlayerStore players, Ledger ledger,
                           AuditLog audit, Outbox outbox, Map<ProviderKind, ExecutionProvider> providers,
                           DepositBatcher deposits, Executor executions, Clock clock, ApprovalSettings settings,
                           ApprovalGate gate, ApprovalPolicyStore policy) {
        this.tx = tx;
        this.orders = orders;
        this.approvals = approvals;
        this.ledger = ledger;
        this.audit = audit;
        this.outbox = outbox;
        this.deposits = deposits;
        this.execution = new ProviderExecutions(tx, orders, approvals, players, ledger, audit, outbox, providers,
                executions, clock, settings);
        this.settings = settings;
        this.gate = gate;
        this.makerChecker = new MakerChecker(tx, approvals, policy, audit, outbox);
    }

    // ---------------------------------------------------------------- approve / retry

    public ApprovalResult approve(long orderId, Actor actor, String note) {
        String cleanNote = optionalText(note, "note");
        // The checks that need no lock share one connection; most orders need one approver and
        // have none recorded, which settles maker-checker without locking the order (a locking
        // read is a write that costs a WAL flush at commit). An approval recorded concurrently
        // under a threshold that no longer applies cannot make this one insufficient.
        record Precheck(Order order, boolean singleApprover) {
        }
        Precheck pre = tx.read(() -> {
            Order found = find(orderId);
            if (found.madeBy(actor.id()) && actsAsOperator(actor)) {
                throw selfApproval(orderId);
            }
            makerChecker.checkCap(found, actor);
            gate.screenApprover(found, actor).ifPresent(refusal -> {
                throw refusal;
            });
            return new Precheck(found, makerChecker.singleApprover(found, actor));
        });
        Order order = pre.order();
        if (!pre.singleApprover() && makerChecker.recordFirstOfTwo(orderId, actor, cleanNote)) {
            return new ApprovalResult(find(orderId), false);
        }
        ApprovalResult result = order.type() == OrderType.DEPOSIT
                ? new ApprovalResult(approveDeposit(orderId, actor, cleanNote), false)
                : startExecution(orderId, actor, cleanNote, false);
        // A single-approver order's progress follows from the result itself: no second read.
        return pre.singleApprover() ? result.withProgress(MakerChecker.progressOf(result.order(), List.of(), false)) : result;
    }

    /** Executes an APPROVED_FAILED game load or withdrawal again, as a new attempt with a new key. */
    public ApprovalResult retry(long orderId, Actor actor) {
        Order order = find(orderId);
        if (order.madeBy(actor.id()) && actsAsOperator(actor)) {
            throw selfApproval(orderId);
        }
        return startExecution(orderId, actor, null, true);
    }

    /** Where an order stands: first approvals recorded, plus the final approver once approved. */
    public ApprovalProgress progress(Order order) {
        return progress(List.of(order)).get(order.id());
    }

    /** {@link #progress(Order)} for a page of orders, in two queries whatever the page size. */
    public Map<Long, ApprovalProgress> progress(List<Order> page) {
        return makerChecker.progress(page);
    }

    private Order approveDeposit(long orderId, Actor actor, String note) {
        DepositOutcome outcome;
        try {
            outcome = deposits.submit(new DepositApproval(orderId, actor, note)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while approving order " + orderId, e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
        return switch (outcome.kind()) {
            case APPROVED -> find(orderId);
            case NOT_FOUND -> throw new NotFoundException("order", String.valueOf(orderId));
            case NOT_PENDING -> throw notPending(orderId, outcome.detail(), "approved");
            case SELF_APPROVAL -> throw selfApproval(orderId);
            case WRONG_TYPE -> throw new IllegalStateException("order " + orderId + " is " + outcome.detail() + ", not a deposit");
        };
    }

    /** What the first transaction of an execution ends with: a ticket to execute, or the gate's refusal. */
    private record Start(ProviderExecutions.Ticket ticket, RuleViolationException refusal) {
    }

    private ApprovalResult startExecution(long orderId, Actor actor, String note, boolean isRetry) {
        Start start = tx.inTransaction(() -> {
            Order order = approvals.lockForDecision(orderId)
                    .orElseThrow(() -> new NotFoundException("order", String.valueOf(orderId)));
            OrderStatus required = isRetry ? OrderStatus.APPROVED_FAILED : OrderStatus.PENDING_REVIEW;
            if (order.status() != required) {
                throw isRetry
                        ? new ConflictException("ORDER_NOT_RETRYABLE", "only an APPROVED_FAILED order can be retried; order "
                                + orderId + " is " + order.status(), Map.of("status", order.status().name()))
                        : notPending(orderId, order.status().name(), "approved");
            }
            if (order.type() == OrderType.DEPOSIT) {
                throw new ConflictException("ORDER_NOT_RETRYABLE", "deposits are posted at once and are never retried",
                        Map.of("type", order.type().name()));
            }
            if (order.madeBy(actor.id()) && actsAsOperator(actor)) {
                throw selfApproval(orderId);
            }
            // Limits and compliance, decided under the order's lock and the player's risk lock. A
            // refusal commits the recorded checks and the denied audit row; the order stays as it was.
            var refusal = gate.screen(order, actor);
            if (refusal.isPresent()) {
                return new Start(null, refusal.get());
            }
            return new Start(execution.begin(order, actor, note, isRetry), null);
        });
        if (start.refusal() != null) {
            throw start.refusal();
        }
        return execution.run(start.ticket());
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

    public Order reject(long orderId, Actor actor, String reason) {
        String cleanReason = requiredText(reason, "reason");
        return tx.inTransaction(() -> {
            Order order = approvals.lockForDecision(orderId)
                    .orElseThrow(() -> new NotFoundException("order", String.valueOf(orderId)));
            if (order.status() != OrderStatus.PENDING_REVIEW) {
                throw notPending(orderId, order.status().name(), "rejected");
            }
            approvals.reject(order, actor, cleanReason);
            audit.append(AuditEvent.success(actor, "ORDER_REJECT", "ORDER", String.valueOf(orderId),
                    Map.of("before", order.status().name(), "after", OrderStatus.REJECTED.name(), "reason", cleanReason)));
            Order rejected = orders.find(orderId).orElseThrow();
            Map<String, Object> payload = new LinkedHashMap<>(OrderIntakeService.eventPayload(rejected));
            payload.put("reason", cleanReason);
            outbox.emit(EventTypes.ORDER_REJECTED, "ORDER", String.valueOf(orderId), payload);
            return rejected;
        });
    }

    /** Reverses an executed order with a reversing ledger transaction; refused if the wallet cannot cover it. */
    public Order voidOrder(long orderId, Actor actor, String reason) {
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
            audit.append(AuditEvent.success(actor, "ORDER_VOID", "ORDER", String.valueOf(orderId),
                    Map.of("before", order.status().name(), "after", OrderStatus.VOIDED.name(), "reason", cleanReason,
                            "reversalTransactionId", String.valueOf(reversalId))));
            Order voided = orders.find(orderId).orElseThrow();
            outbox.emit(EventTypes.ORDER_VOIDED, "ORDER", String.valueOf(orderId), OrderIntakeService.eventPayload(voided));
            return voided;
        });
    }

    // ---------------------------------------------------------------- helpers

    private Order find(long orderId) {
        return tx.read(() -> orders.find(orderId)).orElseThrow(() -> new NotFoundException("order", String.valueOf(orderId)));
    }

    static ConflictException notPending(long orderId, String status, String verb) {
        return new ConflictException("ORDER_NOT_PENDING", "order " + orderId + " is " + status + " and cannot be " + verb,
                Map.of("status", status));
    }

    /**
     * An operator deciding at the console or through the Telegram bot (whose actor carries the
     * operator's id) is the same person for maker-checker and dual approval.
     */
    static boolean actsAsOperator(Actor actor) {
        return actor.type() == ActorType.OPERATOR || actor.type() == ActorType.TELEGRAM_BOT;
    }

    private static ForbiddenException selfApproval(long orderId) {
        return new ForbiddenException("SELF_APPROVAL", "you created order " + orderId + " and may not approve it");
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

    private static RuntimeException unwrap(Throwable cause) {
        if (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof DomainException domain) {
            return domain;
        }
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        return new IllegalStateException(cause);
    }
}
