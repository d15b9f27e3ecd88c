package teller.server.approval;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import teller.server.audit.AuditLog;
import teller.server.auth.Role;
import teller.server.common.Actor;
import teller.server.common.ForbiddenException;
import teller.server.common.NotFoundException;
import teller.server.common.Transactor;
import teller.server.events.Outbox;
import teller.server.orders.ListedOrder;
import teller.server.orders.Order;
import teller.server.orders.OrderEvents;
import teller.server.orders.OrderPeople;
import teller.server.orders.OrderStatus;
import teller.server.orders.OrderStore;

/**
 * Claims (decision 0062): a soft lock so two operators do not work one order. A claim lasts
 * {@code ORDER_CLAIM_SECONDS} from its last claim; the same operator claiming again extends it;
 * while it is live, another operator's claim, approve and reject are refused with 409
 * {@code ORDER_CLAIMED} (approve and reject check it in {@link ApprovalRules}). A SUPERVISOR or ADMIN
 * may take a claim over (audited). The decision of the order ends its claim, and so does time.
 */
public final class OrderClaims {
    private final Transactor tx;
    private final ApprovalStore approvals;
    private final OrderStore orders;
    private final ClaimStore claims;
    private final AuditLog audit;
    private final Outbox outbox;
    private final Clock clock;
    private final ClaimSettings settings;

    public OrderClaims(Transactor tx, ApprovalStore approvals, OrderStore orders, ClaimStore claims, AuditLog audit,
                       Outbox outbox, Clock clock, ClaimSettings settings) {
        this.tx = tx;
        this.approvals = approvals;
        this.orders = orders;
        this.claims = claims;
        this.audit = audit;
        this.outbox = outbox;
        this.clock = clock;
        this.settings = settings;
    }

    public ClaimSettings settings() {
        return settings;
    }

    /**
     * Claims a pending order for {@code actor} (an operator signed in with {@code roles}), or extends
     * the actor's own claim. Another operator's live claim is refused with ORDER_CLAIMED unless
     * {@code takeOver} is asked by a SUPERVISOR or ADMIN.
     */
    public OrderPeople.Claim claim(long orderId, Actor actor, Set<Role> roles, boolean takeOver) {
        return tx.inTransaction(() -> {
            ListedOrder listed = lockPending(orderId, "claimed");
            // Kept to the millisecond, so what is answered is what the database holds.
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            OrderPeople.Claim live = listed.people().liveClaim(now);
            boolean mine = live != null && live.operatorId().equals(actor.id());
            OrderPeople.Claim takenFrom = null;
            if (live != null && !mine) {
                if (!takeOver) {
                    throw CallerChecks.claimed(orderId, live);
                }
                if (!roles.contains(Role.SUPERVISOR) && !roles.contains(Role.ADMIN)) {
                    throw new ForbiddenException("FORBIDDEN", "only a SUPERVISOR or ADMIN may take over "
                            + live.username() + "'s claim on order " + orderId);
                }
                takenFrom = live;
            }
            OrderPeople.Claim claim = new OrderPeople.Claim(actor.id(), actor.username(), mine ? live.claimedAt() : now,
                    now.plus(settings.claimDuration()));
            claims.put(orderId, Long.parseLong(actor.id()), claim.claimedAt(), claim.expiresAt());
            OrderEvents.claimed(actor, listed.order(), claim, takenFrom).publish(audit, outbox);
            return claim;
        });
    }

    /**
     * Lets the actor's claim go. Nothing to release (no claim, or one that ran out) is not an error;
     * another operator's live claim is refused with ORDER_CLAIMED (a supervisor takes it over instead).
     */
    public void release(long orderId, Actor actor) {
        tx.run(() -> {
            Order order = approvals.lockForDecision(orderId)
                    .orElseThrow(() -> new NotFoundException("order", String.valueOf(orderId)));
            OrderPeople people = orders.findListed(orderId).orElseThrow().people();
            Instant now = clock.instant();
            OrderPeople.Claim live = people.liveClaim(now);
            if (live != null && !live.operatorId().equals(actor.id())) {
                throw CallerChecks.claimed(orderId, live);
            }
            if (people.claim() != null) {
                claims.delete(List.of(orderId));
            }
            if (live != null) {
                OrderEvents.released(orderId, order.status(), live, OrderEvents.ReleaseReason.RELEASED, now)
                        .publish(audit, outbox);
            }
        });
    }

    /**
     * Ends the order's claim as part of its decision, in the decision's transaction: removes the row
     * and announces the end of a claim that was still live.
     */
    void endWithDecision(long orderId, OrderPeople people, OrderStatus statusAfter) {
        if (people.claim() == null) {
            return;
        }
        claims.delete(List.of(orderId));
        OrderEvents.Announcement released = releasedByDecision(orderId, people, statusAfter);
        if (released != null) {
            released.publish(audit, outbox);
        }
    }

    /** The same end of a claim, planned for a batch's one write (decision 0135). */
    void endWithDecision(BatchWrites batch, long orderId, OrderPeople people, OrderStatus statusAfter) {
        if (people.claim() == null) {
            return;
        }
        batch.endClaim(orderId);
        OrderEvents.Announcement released = releasedByDecision(orderId, people, statusAfter);
        if (released != null) {
            batch.announce(released, true);
        }
    }

    /** A decision ends a live claim with a release announcement; one that ran out ends silently. */
    private OrderEvents.Announcement releasedByDecision(long orderId, OrderPeople people, OrderStatus statusAfter) {
        Instant now = clock.instant();
        return people.claim().liveAt(now)
                ? OrderEvents.released(orderId, statusAfter, people.claim(), OrderEvents.ReleaseReason.DECIDED, now) : null;
    }

    /** Removes claims that ran out and announces each as released; the sweeping worker calls this. */
    public int expire() {
        return tx.inTransaction(() -> {
            Instant now = clock.instant();
            List<ClaimStore.Expired> expired = claims.deleteExpired(now, ClaimSettings.SWEEP_BATCH_MAX);
            for (ClaimStore.Expired gone : expired) {
                OrderEvents.released(gone.orderId(), gone.status(), gone.claim(), OrderEvents.ReleaseReason.EXPIRED, now)
                        .publish(audit, outbox);
            }
            return expired.size();
        });
    }

    private ListedOrder lockPending(long orderId, String verb) {
        Order order = approvals.lockForDecision(orderId)
                .orElseThrow(() -> new NotFoundException("order", String.valueOf(orderId)));
        if (order.status() != OrderStatus.PENDING_REVIEW) {
            throw CallerChecks.notPending(orderId, order.status().name(), verb);
        }
        return orders.findListed(orderId).orElseThrow();
    }
}
