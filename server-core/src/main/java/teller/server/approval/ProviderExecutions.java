package teller.server.approval;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.audit.AuditLog;
import teller.server.common.Actor;
import teller.server.common.NotFoundException;
import teller.server.common.Transactor;
import teller.server.events.Outbox;
import teller.server.ledger.Ledger;
import teller.server.orders.Order;
import teller.server.orders.OrderEvents;
import teller.server.orders.OrderStatus;
import teller.server.orders.OrderStore;
import teller.server.orders.OrderType;
import teller.server.provider.ExecutionProvider;
import teller.server.provider.ProviderKind;
import teller.server.provider.ProviderLookup;
import teller.server.provider.ProviderOutcome;
import teller.server.provider.ProviderRequest;

/**
 * The provider step of approved game loads and withdrawals, after {@link ApprovalService} has decided:
 * the hold and lease of an attempt, the provider call on the execution pool, settling the hold with
 * the outcome, and recovery of attempts whose lease ran out. No database transaction spans a provider
 * call; the lease (kept in the order) is the fencing token that lets only one process call per attempt.
 */
final class ProviderExecutions {
    /** Under the approval service's name, as operators know these lines. */
    private static final Logger log = LoggerFactory.getLogger(ApprovalService.class);
    static final int RECOVERY_BATCH_MAX = 20;

    private final Transactor tx;
    private final OrderStore orders;
    private final ApprovalStore approvals;
    private final Ledger ledger;
    private final AuditLog audit;
    private final Outbox outbox;
    private final Map<ProviderKind, ExecutionProvider> providers;
    private final Executor executions;
    private final Clock clock;
    private final ApprovalSettings settings;

    ProviderExecutions(Transactor tx, OrderStore orders, ApprovalStore approvals, Ledger ledger, AuditLog audit,
                       Outbox outbox, Map<ProviderKind, ExecutionProvider> providers, Executor executions, Clock clock,
                       ApprovalSettings settings) {
        this.tx = tx;
        this.orders = orders;
        this.approvals = approvals;
        this.ledger = ledger;
        this.audit = audit;
        this.outbox = outbox;
        this.providers = Map.copyOf(providers);
        this.executions = executions;
        this.clock = clock;
        this.settings = settings;
    }

    /** One attempt this process may execute while it holds {@code lease} (the lease value is its fencing token). */
    record Ticket(Order order, int attempt, long holdTransactionId, ExecutionProvider provider, Instant lease) {
        ProviderRequest request() {
            return new ProviderRequest(String.valueOf(order.id()), order.playerId(), order.gameName(), order.amount(),
                    order.currency(), order.providerKey(attempt));
        }
    }

    /**
     * The first transaction's work once the decision is made (the caller holds the order's lock):
     * the next attempt's hold on the wallet, EXECUTING with a lease, the audit row and the event.
     */
    Ticket begin(Order order, Actor actor, String note, boolean isRetry) {
        int attempt = order.execution().attempts() + 1;
        long holdId = ledger.transfer(ApprovalPostings.hold(order, attempt,
                ApprovalPostings.accountIds(ledger, ApprovalPostings.transfer(order)))).transactionId();
        Instant lease = leaseFrom(clock.instant());
        approvals.markExecuting(order, actor, !isRetry, note, attempt, holdId, lease);
        OrderEvents.approved(actor, order, OrderStatus.EXECUTING, attempt, isRetry, holdId).publish(audit, outbox);
        return new Ticket(order, attempt, holdId, providerFor(order.type()), lease);
    }

    /**
     * Runs the attempt on the execution pool and waits up to {@code approveWait} for it; an attempt
     * still running then (or not accepted by a full queue) is reported in flight and left to finish
     * or to recovery.
     */
    /** The order once its attempt ran, or as it stands while the attempt is still in flight. */
    record Ran(Order order, boolean inFlight) {
    }

    Ran run(Ticket ticket) {
        long orderId = ticket.order().id();
        CompletableFuture<Order> done;
        try {
            done = CompletableFuture.supplyAsync(() -> executeOwned(ticket), executions);
        } catch (RejectedExecutionException e) {
            log.warn("execution queue full; order {} is left to recovery", orderId);
            return new Ran(find(orderId), true);
        }
        try {
            Order finalOrder = done.get(settings.approveWait().toMillis(), TimeUnit.MILLISECONDS);
            return new Ran(finalOrder, finalOrder.status() == OrderStatus.EXECUTING);
        } catch (TimeoutException e) {
            return new Ran(find(orderId), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Ran(find(orderId), true);
        } catch (ExecutionException e) {
            log.error("execution of order {} failed unexpectedly; recovery will finish it", orderId, e.getCause());
            return new Ran(find(orderId), true);
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
            Order settled = orders.find(orderId).orElseThrow();
            OrderEvents.executed(executor, settled, ticket.attempt(), error, ticket.provider().kind().failureEvent())
                    .publish(audit, outbox);
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

    /** The provider a game load or withdrawal executes through. */
    static ProviderKind kindOf(OrderType type) {
        return type == OrderType.GAME_LOAD ? ProviderKind.GAME_LOAD : ProviderKind.PAYOUT;
    }

    ExecutionProvider providerFor(OrderType type) {
        ProviderKind kind = kindOf(type);
        ExecutionProvider provider = providers.get(kind);
        if (provider == null) {
            throw new IllegalStateException("no provider wired for " + kind);
        }
        return provider;
    }

    private Order find(long orderId) {
        return tx.read(() -> orders.find(orderId)).orElseThrow(() -> new NotFoundException("order", String.valueOf(orderId)));
    }
}
