package teller.ui.providers;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import teller.ui.api.OrderStatus;
import teller.ui.api.OrderView;
import teller.ui.api.ProvidersApi;
import teller.ui.common.OrderText;
import teller.ui.common.UiExecutors;

/**
 * Void (with a reason) of an executed order, as every order detail offers it (issue #13): the order
 * lookup's case, a player's recent orders, the Failed &amp; in flight screen. One rule says when it is
 * possible, one dialog asks the reason; the server checks both again. No FX thread needed.
 */
public final class OrderVoids {
    /** The roles that may void (the server's Access.SUPERVISE). */
    public static final List<String> ROLES = List.of("SUPERVISOR", "ADMIN");
    public static final String ROLE_REASON = "Only a supervisor or an admin may void.";

    private final ProvidersApi api;
    private final UiExecutors executors;
    private final FailedExecutionsViewModel.VoidDialogs dialogs;
    private final boolean mayVoid;

    public OrderVoids(ProvidersApi api, UiExecutors executors, FailedExecutionsViewModel.VoidDialogs dialogs,
                      List<String> operatorRoles) {
        this.api = api;
        this.executors = executors;
        this.dialogs = dialogs;
        this.mayVoid = operatorRoles.stream().anyMatch(ROLES::contains);
    }

    public boolean mayVoid() {
        return mayVoid;
    }

    /** Why {@code order} cannot be voided by this operator now, in plain words; null when it can. */
    public String refusal(OrderView order) {
        if (!mayVoid) {
            return ROLE_REASON;
        }
        if (order == null) {
            return "Choose an order to void.";
        }
        if (order.status() != OrderStatus.APPROVED_EXECUTED) {
            return "Order " + order.id() + " is " + order.status() + ": only an executed order (APPROVED_EXECUTED) can be voided.";
        }
        return null;
    }

    /**
     * Asks for the reason and voids {@code order}; cancelling (or a blank reason) sends nothing and
     * calls neither callback. Returns whether a request was sent.
     */
    public boolean voidOrder(OrderView order, Consumer<OrderView> voided, Consumer<Throwable> failed) {
        if (refusal(order) != null) {
            return false;
        }
        Optional<String> reason = dialogs.askVoidReason(OrderText.summary(order));
        if (reason.isEmpty() || reason.get().isBlank()) {
            return false;
        }
        String clean = reason.get().strip();
        executors.run(() -> api.voidOrder(order.id(), clean), voided::accept, failed::accept);
        return true;
    }
}
