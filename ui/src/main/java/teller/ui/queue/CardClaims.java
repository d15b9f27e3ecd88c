package teller.ui.queue;

import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import teller.ui.api.ApiException;
import teller.ui.api.OrderView;
import teller.ui.api.TellerClient;
import teller.ui.common.UiExecutors;

/**
 * The decision card's claims (issue 12): the one this console holds on the shown order (taken when it
 * opens, released when the operator moves on, ended by a decision or taken over), and another operator's
 * live claim, shown as "being reviewed by juan (4 min)" with the minutes counted down from the clock.
 * Server calls run through {@link UiExecutors}; no FX thread is needed.
 */
final class CardClaims {
    private final TellerClient client;
    private final UiExecutors executors;
    /** The order the card shows now (answers about another order change nothing on the card). */
    private final Supplier<OrderView> shown;
    private final Supplier<Instant> now;
    private final Supplier<String> operatorId;

    /** "being reviewed by X (4 min)" when another operator holds the shown order; empty otherwise. */
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    /** Who holds the shown order's claim when it is another operator (null: nobody else), and until when. */
    private String otherBy;
    private Instant otherExpires;
    /** The order this console holds a claim on, released when the operator moves on. */
    private String held;

    CardClaims(TellerClient client, UiExecutors executors, Supplier<OrderView> shown, Supplier<Instant> now,
               Supplier<String> operatorId) {
        this.client = client;
        this.executors = executors;
        this.shown = shown;
        this.now = now;
        this.operatorId = operatorId;
    }

    ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** Whether another operator holds the shown order. */
    boolean othersHold() {
        return !notice.get().isEmpty();
    }

    /** Whether this console holds the claim on {@code orderId}. */
    boolean holds(String orderId) {
        return orderId.equals(held);
    }

    /** Claims {@code row} for this console, unless another operator holds it (the server says so too). */
    void claim(OrderView row) {
        if (othersHold()) {
            return;
        }
        String id = row.id();
        held = id;
        executors.run(() -> client.claim(id), claim -> {
            if (isShown(id)) {
                showOther(null, null);
            }
        }, failure -> failed(id, failure));
    }

    /** A claim or a decision on {@code id} was refused: with ORDER_CLAIMED the notice says who holds it. */
    void failed(String id, Throwable failure) {
        if (id.equals(held)) {
            held = null;
        }
        if (isShown(id) && failure instanceof ApiException api && "ORDER_CLAIMED".equals(api.code())) {
            showFrom(api);
        }
    }

    /** This console took the claim on {@code id} over (SUPERVISOR or ADMIN). */
    void tookOver(String id) {
        held = id;
        if (isShown(id)) {
            showOther(null, null);
        }
    }

    /** A decision on {@code id} ended this console's claim on it on the server. */
    void decided(String id) {
        if (id.equals(held)) {
            held = null;
        }
    }

    /** The shown order is held by nobody else (e.g. it was just decided). */
    void clearOther() {
        showOther(null, null);
    }

    /** Another order opens: the claim held on a different one is released. */
    void moveTo(String orderId) {
        if (held != null && !held.equals(orderId)) {
            release();
        }
    }

    /** Shows {@code order}'s claim when another operator holds it live; nothing when it is free or this console's. */
    void showOf(OrderView order) {
        boolean other = CardText.claimedByOther(order, operatorId.get(), now.get()) != null;
        showOther(other ? order.claimedBy().username() : null, other ? order.claimExpiresAt() : null);
    }

    /** Shows the claim a 409 ORDER_CLAIMED names: who holds the order and until when. */
    private void showFrom(ApiException api) {
        Object by = api.details().get("claimedBy");
        String username = by instanceof Map<?, ?> m && m.get("username") != null ? m.get("username").toString() : "another operator";
        Object until = api.details().get("expiresAt");
        Instant expires = null;
        try {
            expires = until == null ? null : Instant.parse(until.toString());
        } catch (java.time.format.DateTimeParseException ignored) {
            // shown without the minutes
        }
        showOther(username, expires);
    }

    private void showOther(String username, Instant expiresAt) {
        otherBy = username;
        otherExpires = expiresAt;
        notice.set(username == null ? "" : CardText.beingReviewed(username, expiresAt, now.get()));
    }

    /**
     * Time passed: another operator's claim counts down its minutes, and once it has ended by itself the
     * shown order is claimed for this console when {@code mayClaim} (the caller's rules: role, status).
     */
    void tick(boolean mayClaim) {
        if (otherBy == null) {
            return;
        }
        if (otherExpires != null && !otherExpires.isAfter(now.get())) {
            showOther(null, null);
            OrderView order = shown.get();
            if (order != null && mayClaim) {
                claim(order);
            }
            return;
        }
        notice.set(CardText.beingReviewed(otherBy, otherExpires, now.get()));
    }

    /** Releases the claim this console holds, if any. */
    void release() {
        String id = held;
        held = null;
        if (id != null) {
            executors.run(() -> {
                client.releaseClaim(id);
                return id;
            }, released -> { }, failure -> { });
        }
    }

    private boolean isShown(String id) {
        OrderView order = shown.get();
        return order != null && order.id().equals(id);
    }
}
