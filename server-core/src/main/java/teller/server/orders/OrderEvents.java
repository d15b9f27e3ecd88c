package teller.server.orders;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import teller.server.audit.AuditEvent;
import teller.server.audit.AuditLog;
import teller.server.common.Actor;
import teller.server.common.DomainException;
import teller.server.events.EventTypes;
import teller.server.events.Outbox;

/**
 * The one builder of what an order's changes leave behind: the audit row's details and the outbox
 * event's payload, for every decision type and every channel. Deposits are written by a SQL
 * function in one round trip (decision 0060), but their audit details and event payloads are built
 * here like everyone else's, so a deposit's trail has the same shape as a game load's.
 *
 * <p>Every audit row of a decision carries {@code type, amount, currency, before, after}; every
 * event payload carries {@code orderId, type, status, playerId, amount, currency}; each decision
 * adds its own few keys.
 */
public final class OrderEvents {
    public static final String APPROVE = "ORDER_APPROVE";
    public static final String APPROVE_FIRST = "ORDER_APPROVE_FIRST";
    public static final String RETRY = "ORDER_RETRY";
    public static final String REJECT = "ORDER_REJECT";
    public static final String VOID = "ORDER_VOID";
    public static final String EXECUTED = "ORDER_EXECUTED";
    public static final String EXECUTION_FAILED = "ORDER_EXECUTION_FAILED";
    public static final String CLAIM_TAKE_OVER = "ORDER_CLAIM_TAKE_OVER";
    public static final String CREATE = "ORDER_CREATE";
    /**
     * The ledger transaction a decision wrote (a deposit's posting, an execution's hold). For a
     * deposit the SQL function that writes the posting fills it in, as only it knows the id.
     */
    public static final String LEDGER_TRANSACTION_ID = "ledgerTransactionId";
    private static final String RESOURCE = "ORDER";

    private OrderEvents() {
    }

    /** One audit row and the event that announces the same change; either may be absent. */
    public record Announcement(AuditEvent audit, String eventType, String aggregateId, Map<String, Object> payload) {
        /** Writes both in the caller's transaction. */
        public void publish(AuditLog auditLog, Outbox outbox) {
            if (audit != null) {
                auditLog.append(audit);
            }
            if (eventType != null) {
                outbox.emit(eventType, RESOURCE, aggregateId, payload);
            }
        }

        /** The event's aggregate type, for a store that writes the event in statements of its own. */
        public String aggregateType() {
            return RESOURCE;
        }
    }

    /** The payload every order event starts with: the order as it stands, with {@code status} as given. */
    public static Map<String, Object> payload(Order order, OrderStatus status) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("orderId", String.valueOf(order.id()));
        payload.put("type", order.type().name());
        payload.put("status", status.name());
        payload.put("playerId", order.playerId());
        payload.put("amount", order.amount());
        payload.put("currency", order.currency());
        return payload;
    }

    public static Map<String, Object> payload(Order order) {
        return payload(order, order.status());
    }

    /** The details every decision's audit row starts with. */
    private static Map<String, Object> details(Order order, OrderStatus before, OrderStatus after) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("type", order.type().name());
        details.put("amount", order.amount());
        details.put("currency", order.currency());
        details.put("before", before.name());
        details.put("after", after.name());
        return details;
    }

    /** A new order in the queue: ORDER_CREATED (and WALLET_LOAD_REQUESTED for a deposit, sent with the same payload). */
    public static Announcement created(Actor actor, Order created) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("type", created.type().name());
        details.put("amount", created.amount());
        details.put("currency", created.currency());
        details.put("playerId", created.playerId());
        return new Announcement(AuditEvent.success(actor, CREATE, RESOURCE, String.valueOf(created.id()), details),
                EventTypes.ORDER_CREATED, String.valueOf(created.id()), payload(created));
    }

    /**
     * An approval (or a retry) that went through: a deposit posted at once ({@code after}
     * APPROVED_EXECUTED, event ORDER_APPROVED) or an execution started (EXECUTING, event
     * ORDER_EXECUTING). {@code ledgerTransactionId} is null when the caller cannot know it yet.
     */
    public static Announcement approved(Actor actor, Order before, OrderStatus after, int attempt, boolean retry,
                                        Long ledgerTransactionId) {
        Map<String, Object> details = details(before, before.status(), after);
        details.put("attempt", attempt);
        details.put(LEDGER_TRANSACTION_ID, ledgerTransactionId == null ? null : String.valueOf(ledgerTransactionId));
        Map<String, Object> payload = payload(before, after);
        payload.put("attempt", attempt);
        String event = after == OrderStatus.APPROVED_EXECUTED ? EventTypes.ORDER_APPROVED : EventTypes.ORDER_EXECUTING;
        return new Announcement(AuditEvent.success(actor, retry ? RETRY : APPROVE, RESOURCE, String.valueOf(before.id()),
                details), event, String.valueOf(before.id()), payload);
    }

    /** The first of two approvals was recorded; the order stays PENDING_REVIEW (event ORDER_UPDATED). */
    public static Announcement firstApproval(Actor actor, Order order, String progressLabel) {
        Map<String, Object> details = details(order, order.status(), order.status());
        details.put("approvals", progressLabel);
        Map<String, Object> payload = payload(order);
        payload.put("approvals", progressLabel);
        return new Announcement(AuditEvent.success(actor, APPROVE_FIRST, RESOURCE, String.valueOf(order.id()), details),
                EventTypes.ORDER_UPDATED, String.valueOf(order.id()), payload);
    }

    /** A provider attempt settled: ORDER_APPROVED on success, the provider's failure event otherwise. */
    public static Announcement executed(Actor executor, Order settled, int attempt, String error, String failureEvent) {
        boolean ok = settled.status() == OrderStatus.APPROVED_EXECUTED;
        Map<String, Object> details = details(settled, OrderStatus.EXECUTING, settled.status());
        details.put("attempt", attempt);
        if (error != null) {
            details.put("error", error);
        }
        Map<String, Object> payload = payload(settled);
        payload.put("attempt", attempt);
        if (!ok) {
            payload.put("error", error);
        }
        return new Announcement(new AuditEvent(executor, ok ? EXECUTED : EXECUTION_FAILED, RESOURCE,
                String.valueOf(settled.id()), ok ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.FAILURE, details),
                ok ? EventTypes.ORDER_APPROVED : failureEvent, String.valueOf(settled.id()), payload);
    }

    public static Announcement rejected(Actor actor, Order before, String reason) {
        Map<String, Object> details = details(before, before.status(), OrderStatus.REJECTED);
        details.put("reason", reason);
        Map<String, Object> payload = payload(before, OrderStatus.REJECTED);
        payload.put("reason", reason);
        return new Announcement(AuditEvent.success(actor, REJECT, RESOURCE, String.valueOf(before.id()), details),
                EventTypes.ORDER_REJECTED, String.valueOf(before.id()), payload);
    }

    public static Announcement voided(Actor actor, Order before, String reason, long reversalTransactionId) {
        Map<String, Object> details = details(before, before.status(), OrderStatus.VOIDED);
        details.put("reason", reason);
        details.put(LEDGER_TRANSACTION_ID, String.valueOf(reversalTransactionId));
        Map<String, Object> payload = payload(before, OrderStatus.VOIDED);
        payload.put("reason", reason);
        return new Announcement(AuditEvent.success(actor, VOID, RESOURCE, String.valueOf(before.id()), details),
                EventTypes.ORDER_VOIDED, String.valueOf(before.id()), payload);
    }

    /** An approval a rule refused inside the approval transaction (limits, compliance): audited, nothing announced. */
    public static Announcement denied(Actor actor, Order order, DomainException refusal) {
        Map<String, Object> details = details(order, order.status(), order.status());
        details.put("code", refusal.code());
        details.put("rule", refusal.details().get("rule"));
        details.put("message", refusal.getMessage());
        return new Announcement(new AuditEvent(actor, APPROVE, RESOURCE, String.valueOf(order.id()),
                AuditEvent.Outcome.DENIED, details), null, null, null);
    }

    /**
     * An operator claimed the order (or extended their claim). A supervisor's take-over from another
     * live claim is also audited, naming both.
     */
    public static Announcement claimed(Actor actor, Order order, OrderPeople.Claim claim, OrderPeople.Claim takenFrom) {
        Map<String, Object> payload = payload(order);
        payload.put("claimedBy", person(claim.operatorId(), claim.username()));
        payload.put("expiresAt", claim.expiresAt().toString());
        AuditEvent audit = null;
        if (takenFrom != null) {
            payload.put("takenOverFrom", person(takenFrom.operatorId(), takenFrom.username()));
            Map<String, Object> details = details(order, order.status(), order.status());
            details.put("from", person(takenFrom.operatorId(), takenFrom.username()));
            details.put("fromExpiresAt", takenFrom.expiresAt().toString());
            details.put("expiresAt", claim.expiresAt().toString());
            audit = AuditEvent.success(actor, CLAIM_TAKE_OVER, RESOURCE, String.valueOf(order.id()), details);
        }
        return new Announcement(audit, EventTypes.ORDER_CLAIMED, String.valueOf(order.id()), payload);
    }

    /** Why a claim ended. */
    public enum ReleaseReason {
        /** Its holder let it go. */
        RELEASED,
        /** The order was decided (approved, first of two approvals, rejected). */
        DECIDED,
        /** It ran out ({@code ORDER_CLAIM_SECONDS}). */
        EXPIRED
    }

    /** A live claim ended; {@code status} is the order's status once the change that ended it commits. */
    public static Announcement released(long orderId, OrderStatus status, OrderPeople.Claim claim, ReleaseReason reason,
                                        Instant at) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("orderId", String.valueOf(orderId));
        payload.put("status", status.name());
        payload.put("releasedBy", person(claim.operatorId(), claim.username()));
        payload.put("reason", reason.name());
        payload.put("at", at.toString());
        return new Announcement(null, EventTypes.ORDER_RELEASED, String.valueOf(orderId), payload);
    }

    private static Map<String, Object> person(String id, String username) {
        Map<String, Object> person = new LinkedHashMap<>();
        person.put("id", id);
        person.put("username", username);
        return person;
    }
}
