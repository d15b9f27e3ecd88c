package teller.server.approval;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import teller.server.ledger.AccountCodes;
import teller.server.ledger.AccountType;
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
import teller.server.provider.ProviderLookup;
import teller.server.provider.ProviderOutcome;
import teller.server.provider.ProviderRequest;

/**
 * The single approval path: every approve, reject, retry and void, from any channel, comes here.
 *
 * <p>Deposits are posted at once (through the group-commit {@link DepositBatcher}). Game loads and
 * withdrawals run in three steps so no database transaction spans an external call: a hold and
 * EXECUTING in one transaction, the provider call, then post or void of the hold in another.
 * A crash in between leaves the order EXECUTING with a lease; {@link #recoverExpired} finishes it.
 */
public final class ApprovalService {
    private static final Logger log = LoggerFactory.getLogger(ApprovalService.class);
    public static final int RECOVERY_BATCH_MAX = 20;

    private final Transactor tx;
    private final OrderStore orders;
    private final ApprovalStore approvals;
    private final PlayerStore players;
    private final Ledger ledger;
    private final AuditLog audit;
    private final Outbox outbox;
    private final Map<ProviderKind, ExecutionProvider> providers;
    private final DepositBatcher deposits;
    private final Executor executions;
    private final Clock clock;
    private final ApprovalSettings settings;
    private final ApprovalGate gate;
    private final ApprovalPolicyStore policy;

    /** {@code gate} must be the same one the {@code deposits} batcher screens with. */
    public ApprovalService(Transactor tx, OrderStore orders, ApprovalStore approvals, PlayerStore players, Ledger ledger,
                           AuditLog audit, Outbox outbox, Map<ProviderKind, ExecutionProvider> providers,
                           DepositBatcher deposits, Executor executions, Clock clock, ApprovalSettings settings,
                           ApprovalGate gate, ApprovalPolicyStore policy) {
        this.tx = tx;
        this.orders = orders;
        this.approvals = approvals;
        this.players = players;
        this.ledger = ledger;
        this.audit = audit;
        this.outbox = outbox;
        this.providers = Map.copyOf(providers);
        this.deposits = deposits;
        this.executions = executions;
        this.clock = clock;
        this.settings = settings;
        this.gate = gate;
        this.policy = policy;
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
            checkCap(found, actor);
            gate.screenApprover(found, actor).ifPresent(refusal -> {
                throw refusal;
            });
            return new Precheck(found, requiredApprovals(found, actor) < 2 && policy.approvalsOf(orderId).isEmpty());
        });
        Order order = pre.order();
        if (!pre.singleApprover() && recordFirstOfTwo(orderId, actor, cleanNote)) {
            return new ApprovalResult(find(orderId), false);
        }
        ApprovalResult result = order.type() == OrderType.DEPOSIT
                ? new ApprovalResult(approveDeposit(orderId, actor, cleanNote), false)
                : startExecution(orderId, actor, cleanNote, false);
        // A single-approver order's progress follows from the result itself: no second read.
        return pre.singleApprover() ? result.withProgress(progressOf(result.order(), List.of(), false)) : result;
    }

    /** Executes an APPROVED_FAILED game load or withdrawal again, as a new attempt with a new key. */
    public ApprovalResult retry(long orderId, Actor actor) {
        Order order = find(orderId);
        if (order.madeBy(actor.id()) && actsAsOperator(actor)) {
            throw selfApproval(orderId);
        }
        return startExecution(orderId, actor, null, true);
    }

    // ---------------------------------------------------------------- maker-checker

    /**
     * Operators may have a cap on the amounts they approve. The system itself (confirmed payment
     * webhooks) has none.
     */
    private void checkCap(Order order, Actor actor) { // runs inside approve's read
        if (actor.type() == ActorType.SYSTEM || actor.id() == null) {
            return;
        }
        var cap = policy.approvalCap(actor.id(), order.currency());
        if (cap.isPresent() && order.amount() > cap.getAsLong()) {
            throw new RuleViolationException("APPROVAL_CAP_EXCEEDED", "APPROVAL_CAP", "order " + order.id() + " is "
                    + order.amount() + " " + order.currency() + ", above your approval cap of " + cap.getAsLong(),
                    Map.of("amount", order.amount(), "cap", cap.getAsLong(), "currency", order.currency()));
        }
    }

    /** Approvals an order needs now: two at or above its currency's threshold (never for the system). */
    private int requiredApprovals(Order order, Actor actor) {
        if (actor != null && actor.type() == ActorType.SYSTEM) {
            return 1;
        }
        var min = policy.dualApprovalMin(order.currency());
        return min.isPresent() && order.amount() >= min.getAsLong() ? 2 : 1;
    }

    /**
     * For an order that needs two approvers: under the order's lock, records this approval as the
     * first one and returns true, or returns false when a different approver already gave the first
     * (this one is then the second and the order proceeds). The same approver twice, from however
     * many sessions at once, is refused: the lock serializes them and the second finds its own row.
     */
    private boolean recordFirstOfTwo(long orderId, Actor actor, String note) {
        return tx.inTransaction(() -> {
            Order order = approvals.lockForDecision(orderId)
                    .orElseThrow(() -> new NotFoundException("order", String.valueOf(orderId)));
            if (order.status() != OrderStatus.PENDING_REVIEW) {
                throw notPending(orderId, order.status().name(), "approved");
            }
            List<ApprovalPolicyStore.FirstApproval> given = policy.approvalsOf(orderId);
            if (given.isEmpty() && requiredApprovals(order, actor) < 2) {
                return false;
            }
            boolean mine = given.stream().anyMatch(a -> samePerson(a, actor));
            if (mine) {
                throw new ConflictException("APPROVAL_ALREADY_GIVEN", "you already approved order " + orderId
                        + "; a different operator must give the second approval", Map.of("approvals", "1 of 2"));
            }
            if (!given.isEmpty()) {
                return false;
            }
            policy.recordApproval(orderId, actor, note);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("approvals", "1 of 2");
            details.put("amount", order.amount());
            details.put("currency", order.currency());
            audit.append(AuditEvent.success(actor, "ORDER_APPROVE_FIRST", "ORDER", String.valueOf(orderId), details));
            outbox.emit(EventTypes.ORDER_UPDATED, "ORDER", String.valueOf(orderId),
                    Map.of("orderId", String.valueOf(orderId), "status", order.status().name(), "approvals", "1 of 2"));
            return true;
        });
    }

    /** Where an order stands: first approvals recorded, plus the final approver once approved. */
    public ApprovalProgress progress(Order order) {
        return progress(List.of(order)).get(order.id());
    }

    /** {@link #progress(Order)} for a page of orders, in two queries whatever the page size. */
    public Map<Long, ApprovalProgress> progress(List<Order> page) {
        return tx.read(() -> {
            Map<Long, List<ApprovalPolicyStore.FirstApproval>> first = policy.approvalsOf(
                    page.stream().map(Order::id).toList());
            Map<String, OptionalLong> thresholds = new HashMap<>();
            Map<Long, ApprovalProgress> progress = new HashMap<>();
            for (Order order : page) {
                List<ApprovalPolicyStore.FirstApproval> given = first.getOrDefault(order.id(), List.of());
                // The threshold matters only to a pending order nobody has approved yet.
                boolean needsTwo = false;
                if (order.status() == OrderStatus.PENDING_REVIEW && given.isEmpty()) {
                    var threshold = thresholds.computeIfAbsent(order.currency(), policy::dualApprovalMin);
                    needsTwo = threshold.isPresent() && order.amount() >= threshold.getAsLong();
                }
                progress.put(order.id(), progressOf(order, given, needsTwo));
            }
            return progress;
        });
    }

    private static ApprovalProgress progressOf(Order order, List<ApprovalPolicyStore.FirstApproval> first,
                                               boolean needsTwoNow) {
        List<String> by = new ArrayList<>(first.stream().map(ApprovalPolicyStore.FirstApproval::approverId)
                .toList());
        if (order.approval() != null && order.approval().byId() != null) {
            by.add(order.approval().byId());
        }
        int required;
        if (!first.isEmpty()) {
            required = 2;
        } else if (order.status() == OrderStatus.PENDING_REVIEW) {
            required = needsTwoNow ? 2 : 1;
        } else {
            required = Math.max(1, by.size());
        }
        return new ApprovalProgress(by.size(), required, List.copyOf(by));
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

    /** One attempt this process may execute while it holds {@code lease} (the lease value is its fencing token). */
    private record Ticket(Order order, int attempt, long holdTransactionId, ExecutionProvider provider, Instant lease) {
        ProviderRequest request() {
            return new ProviderRequest(String.valueOf(order.id()), order.playerId(), order.gameName(), order.amount(),
                    order.currency(), order.providerKey(attempt));
        }
    }

    /** What the first transaction of an execution ends with: a ticket to execute, or the gate's refusal. */
    private record Start(Ticket ticket, RuleViolationException refusal) {
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
            int attempt = order.execution().attempts() + 1;
            long holdId = ledger.transfer(holdRequest(order, attempt)).transactionId();
            Instant lease = leaseFrom(clock.instant());
            approvals.markExecuting(order, actor, !isRetry, note, attempt, holdId, lease);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("before", order.status().name());
            details.put("after", OrderStatus.EXECUTING.name());
            details.put("attempt", attempt);
            details.put("holdTransactionId", String.valueOf(holdId));
            audit.append(AuditEvent.success(actor, isRetry ? "ORDER_RETRY" : "ORDER_APPROVE", "ORDER",
                    String.valueOf(orderId), details));
            outbox.emit(EventTypes.ORDER_EXECUTING, "ORDER", String.valueOf(orderId),
                    Map.of("orderId", String.valueOf(orderId), "status", OrderStatus.EXECUTING.name(), "attempt", attempt));
            return new Start(new Ticket(order, attempt, holdId, providerFor(order.type()), lease), null);
        });
        if (start.refusal() != null) {
            throw start.refusal();
        }
        Ticket ticket = start.ticket();

        CompletableFuture<Order> done;
        try {
            done = CompletableFuture.supplyAsync(() -> executeOwned(ticket), executions);
        } catch (RejectedExecutionException e) {
            log.warn("execution queue full; order {} is left to recovery", orderId);
            return new ApprovalResult(find(orderId), true);
        }
        try {
            Order finalOrder = done.get(settings.approveWait().toMillis(), TimeUnit.MILLISECONDS);
            return new ApprovalResult(finalOrder, finalOrder.status() == OrderStatus.EXECUTING);
        } catch (TimeoutException e) {
            return new ApprovalResult(find(orderId), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ApprovalResult(find(orderId), true);
        } catch (ExecutionException e) {
            log.error("execution of order {} failed unexpectedly; recovery will finish it", orderId, e.getCause());
            return new ApprovalResult(find(orderId), true);
        }
    }

    /**
     * Calls the provider only if this attempt's lease is still ours, renewing it first. An execution
     * that waited in the queue past its lease may already have been settled by recovery (possibly as
     * failed, without the provider seeing the key); sending the key then could execute an order
     * whose hold was released, so it is left to recovery instead.
     */
    private Order executeOwned(Ticket ticket) {
        long orderId = ticket.order().id();
        if (renewLease(orderId, ticket.attempt(), ticket.lease()) == null) {
            log.warn("order {} attempt {}: lease ran out before the provider call; recovery owns it", orderId, ticket.attempt());
            return find(orderId);
        }
        return finish(ticket, ticket.provider().execute(ticket.request()));
    }

    /** The renewed lease, or null when the attempt no longer holds {@code expectedLease} (it is not ours). */
    private Instant renewLease(long orderId, int attempt, Instant expectedLease) {
        Instant renewed = leaseFrom(clock.instant());
        return tx.inTransaction(() -> approvals.renewLease(orderId, attempt, expectedLease, renewed)) ? renewed : null;
    }

    /** Leases are kept to the millisecond so the value read back from the database compares equal. */
    private Instant leaseFrom(Instant now) {
        return now.plus(settings.executionLease()).truncatedTo(ChronoUnit.MILLIS);
    }

    private TransferRequest holdRequest(Order order, int attempt) {
        long wallet = players.find(order.playerId())
                .orElseThrow(() -> new IllegalStateException("order " + order.id() + " has no player"))
                .walletAccountId();
        long counter = order.type() == OrderType.GAME_LOAD
                ? ledger.openAccount(AccountCodes.houseGame(order.gameName(), order.currency()), AccountType.LIABILITY,
                        order.currency(), null, AccountCodes.HOT_ACCOUNT_BUCKETS)
                : ledger.openAccount(AccountCodes.payoutClearing(order.currency()), AccountType.LIABILITY,
                        order.currency(), null, AccountCodes.HOT_ACCOUNT_BUCKETS);
        String kind = order.type() == OrderType.GAME_LOAD ? "GAME_LOAD" : "WITHDRAWAL";
        return new TransferRequest("order:" + order.id() + ":hold:" + attempt, kind, order.id(), order.currency(),
                List.of(Leg.debit(wallet, order.amount()), Leg.credit(counter, order.amount())), true,
                Map.of("orderId", String.valueOf(order.id()), "attempt", attempt), null);
    }

    /**
     * Settles an attempt with the provider's outcome: posts the hold on success, voids it on a
     * definite failure, and leaves the order EXECUTING when the outcome is unknown. Only the attempt
     * that is still EXECUTING is settled, so a late or repeated answer changes nothing.
     */
    private Order finish(Ticket ticket, ProviderOutcome outcome) {
        long orderId = ticket.order().id();
        if (outcome instanceof ProviderOutcome.Unknown unknown) {
            log.warn("order {} attempt {}: outcome unknown ({}); recovery will ask the provider again",
                    orderId, ticket.attempt(), unknown.error());
            return find(orderId);
        }
        return tx.inTransaction(() -> {
            Order order = approvals.lockForDecision(orderId)
                    .orElseThrow(() -> new NotFoundException("order", String.valueOf(orderId)));
            if (order.status() != OrderStatus.EXECUTING || order.execution().attempts() != ticket.attempt()) {
                return order;
            }
            Actor executor = Actor.system("executor");
            boolean executed = outcome instanceof ProviderOutcome.Succeeded;
            ledger.finalizePending(ticket.holdTransactionId(), executed);
            String error = errorText(outcome);
            approvals.completeExecution(order, executed, error, outcome.result(), executor);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("attempt", ticket.attempt());
            details.put("after", executed ? OrderStatus.APPROVED_EXECUTED.name() : OrderStatus.APPROVED_FAILED.name());
            if (error != null) {
                details.put("error", error);
            }
            audit.append(new AuditEvent(executor, executed ? "ORDER_EXECUTED" : "ORDER_EXECUTION_FAILED", "ORDER",
                    String.valueOf(orderId), executed ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.FAILURE, details));
            Order settled = orders.find(orderId).orElseThrow();
            Map<String, Object> payload = new LinkedHashMap<>(OrderIntakeService.eventPayload(settled));
            if (!executed) {
                payload.put("error", error);
            }
            String event = executed ? EventTypes.ORDER_APPROVED : ticket.provider().kind().failureEvent();
            outbox.emit(event, "ORDER", String.valueOf(orderId), payload);
            return settled;
        });
    }

    // ---------------------------------------------------------------- recovery

    /**
     * Finishes EXECUTING orders whose lease ran out (their process died or gave up): asks the
     * provider for the attempt's key; if the provider never saw it, sends the same key again (safe:
     * the provider executes a key at most once). Returns how many orders were settled.
     */
    public int recoverExpired() {
        var now = clock.instant();
        Instant claimedLease = leaseFrom(now);
        List<Long> claimed = tx.inTransaction(() ->
                approvals.claimExpiredExecutions(now, claimedLease, RECOVERY_BATCH_MAX));
        int settled = 0;
        for (long orderId : claimed) {
            try {
                Order order = find(orderId);
                if (order.status() != OrderStatus.EXECUTING) {
                    continue;
                }
                int attempt = order.execution().attempts();
                // The batch is worked one by one; renewing per order keeps the lease valid for this
                // order's own provider calls, and fails if another replica claimed it meanwhile.
                Instant lease = renewLease(orderId, attempt, claimedLease);
                if (lease == null) {
                    log.info("order {} was claimed by another recovery before it was reached; skipped", orderId);
                    continue;
                }
                var ticket = new Ticket(order, attempt, order.execution().holdTransactionId(), providerFor(order.type()),
                        lease);
                ProviderLookup lookup = ticket.provider().lookup(order.providerKey(attempt));
                ProviderOutcome outcome;
                if (lookup instanceof ProviderLookup.Found found) {
                    outcome = found.outcome();
                } else if (lookup instanceof ProviderLookup.Unreachable unreachable) {
                    outcome = new ProviderOutcome.Unknown(unreachable.error(), Map.of());
                } else {
                    outcome = ticket.provider().execute(ticket.request());
                }
                Order after = finish(ticket, outcome);
                if (after.status() != OrderStatus.EXECUTING) {
                    settled++;
                    log.info("recovered order {} attempt {} -> {}", orderId, attempt, after.status());
                }
            } catch (RuntimeException e) {
                log.error("recovery of order {} failed; it will be tried again when its lease runs out", orderId, e);
            }
        }
        return settled;
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

    /** The execution error shown to operators; null when the provider executed. */
    private static String errorText(ProviderOutcome outcome) {
        if (outcome instanceof ProviderOutcome.Refused refused) {
            return refused.error() + " [" + refused.errorCode() + "]";
        }
        if (outcome instanceof ProviderOutcome.Failed failed) {
            return failed.error() + " [" + failed.errorCode() + "]";
        }
        if (outcome instanceof ProviderOutcome.Unknown) {
            throw new IllegalStateException("an unknown outcome is never settled");
        }
        return null;
    }

    private ExecutionProvider providerFor(OrderType type) {
        ProviderKind kind = type == OrderType.GAME_LOAD ? ProviderKind.GAME_LOAD : ProviderKind.PAYOUT;
        ExecutionProvider provider = providers.get(kind);
        if (provider == null) {
            throw new IllegalStateException("no provider wired for " + kind);
        }
        return provider;
    }

    private Order find(long orderId) {
        return tx.read(() -> orders.find(orderId)).orElseThrow(() -> new NotFoundException("order", String.valueOf(orderId)));
    }

    private static ConflictException notPending(long orderId, String status, String verb) {
        return new ConflictException("ORDER_NOT_PENDING", "order " + orderId + " is " + status + " and cannot be " + verb,
                Map.of("status", status));
    }

    /**
     * An operator deciding at the console or through the Telegram bot (whose actor carries the
     * operator's id) is the same person for maker-checker and dual approval.
     */
    private static boolean actsAsOperator(Actor actor) {
        return actor.type() == ActorType.OPERATOR || actor.type() == ActorType.TELEGRAM_BOT;
    }

    private static boolean samePerson(ApprovalPolicyStore.FirstApproval given, Actor actor) {
        boolean givenByOperator = given.approverType().equals(ActorType.OPERATOR.name())
                || given.approverType().equals(ActorType.TELEGRAM_BOT.name());
        if (givenByOperator && actsAsOperator(actor)) {
            return given.approverId().equals(actor.recordedId());
        }
        return given.approverType().equals(actor.type().name()) && given.approverId().equals(actor.recordedId());
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
