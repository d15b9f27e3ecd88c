package teller.ui.lookup;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import teller.ui.api.OrderCaseApi;
import teller.ui.api.OrderView;
import teller.ui.common.ErrorText;
import teller.ui.common.UiExecutors;
import teller.ui.providers.OrderVoids;

/**
 * Order lookup: an order by id, or the history by status, type, player and creation dates, and the
 * chosen order's case (status history, ledger postings with their legs, execution attempts and audit
 * trail), read by the server at one moment. Dates are whole local days: "to" includes its day.
 */
public final class OrderLookupViewModel {
    public static final int PAGE_SIZE = 100;
    public static final List<String> STATUSES = List.of("PENDING_REVIEW", "EXECUTING", "REJECTED", "APPROVED_EXECUTED",
            "APPROVED_FAILED", "VOIDED");
    public static final List<String> TYPES = List.of("DEPOSIT", "GAME_LOAD", "WITHDRAWAL");

    /** One ledger leg of the case, with the transaction it belongs to. */
    public record Posting(String transactionId, String kind, String status, String accountCode, long amount,
                          String currency) {
    }

    private final OrderCaseApi api;
    private final UiExecutors executors;
    private final ZoneId zone;

    private final StringProperty orderId = new SimpleStringProperty("");
    private final ObjectProperty<String> status = new SimpleObjectProperty<>();
    private final ObjectProperty<String> type = new SimpleObjectProperty<>();
    private final StringProperty playerId = new SimpleStringProperty("");
    private final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>();
    private final ObservableList<OrderView> orders = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<OrderCaseApi.Case> orderCase = new ReadOnlyObjectWrapper<>();
    private final ObservableList<OrderView.HistoryEntry> history = FXCollections.observableArrayList();
    private final ObservableList<Posting> postings = FXCollections.observableArrayList();
    private final ObservableList<OrderCaseApi.Attempt> attempts = FXCollections.observableArrayList();
    private final ObservableList<OrderCaseApi.AuditRow> audit = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private long generation;
    private final OrderVoids voids;
    private final ReadOnlyBooleanWrapper voiding = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final StringBinding voidRefusal;

    public OrderLookupViewModel(OrderCaseApi api, UiExecutors executors, ZoneId zone) {
        this(api, executors, zone, null);
    }

    /** @param voids void of the open order (null: none offered, e.g. a read-only fixture) */
    public OrderLookupViewModel(OrderCaseApi api, UiExecutors executors, ZoneId zone, OrderVoids voids) {
        this.voids = voids;
        voidRefusal = Bindings.createStringBinding(() -> {
            if (voids == null) {
                return OrderVoids.ROLE_REASON;
            }
            String why = voids.refusal(orderCase.get() == null ? null : orderCase.get().order());
            return why == null ? "" : why;
        }, orderCase, voiding);
        this.api = api;
        this.executors = executors;
        this.zone = zone;
    }

    public StringProperty orderIdProperty() {
        return orderId;
    }

    public ObjectProperty<String> statusProperty() {
        return status;
    }

    public ObjectProperty<String> typeProperty() {
        return type;
    }

    public StringProperty playerIdProperty() {
        return playerId;
    }

    public ObjectProperty<LocalDate> fromProperty() {
        return from;
    }

    public ObjectProperty<LocalDate> toProperty() {
        return to;
    }

    public ObservableList<OrderView> orders() {
        return orders;
    }

    public ReadOnlyObjectProperty<OrderCaseApi.Case> caseProperty() {
        return orderCase.getReadOnlyProperty();
    }

    public ObservableList<OrderView.HistoryEntry> history() {
        return history;
    }

    public ObservableList<Posting> postings() {
        return postings;
    }

    public ObservableList<OrderCaseApi.Attempt> attempts() {
        return attempts;
    }

    /**
     * Who acted, by username where the case knows it (its audit rows name the operators; the history
     * carries only ids): "maria", else "Integration portal", "Teller itself auto-retry".
     */
    public String actorName(String actorType, String actorId) {
        OrderCaseApi.Case shown = caseProperty().get();
        if (shown != null && actorId != null) {
            for (OrderCaseApi.AuditRow row : shown.audit()) {
                if (actorId.equals(row.actorId()) && row.actorUsername() != null
                        && ("OPERATOR".equals(actorType) || "TELEGRAM_BOT".equals(actorType))) {
                    return row.actorUsername();
                }
            }
        }
        String type = teller.ui.common.Labels.label(actorType);
        return actorId == null ? type : type + " " + actorId;
    }

    public ObservableList<OrderCaseApi.AuditRow> audit() {
        return audit;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Lists the orders matching the filters, newest first (an id alone finds one order). */
    public void search() {
        long mine = ++generation;
        var query = new OrderCaseApi.HistoryQuery(orderId.get(), status.get(), type.get(), playerId.get(),
                from.get() == null ? null : from.get().atStartOfDay(zone).toInstant(),
                to.get() == null ? null : to.get().plusDays(1).atStartOfDay(zone).toInstant());
        error.set("");
        executors.run(() -> api.history(query, null, PAGE_SIZE), page -> {
            if (mine == generation) {
                orders.setAll(page.items());
            }
        }, failure -> {
            if (mine == generation) {
                error.set(ErrorText.of(failure));
            }
        });
    }

    /** Opens an order's case (from the list, the id field, or another screen). */
    public void open(String id) {
        if (id == null || id.isBlank()) {
            return;
        }
        error.set("");
        executors.run(() -> api.orderCase(id), loaded -> {
            orderCase.set(loaded);
            history.setAll(loaded.history());
            postings.setAll(loaded.transactions().stream().flatMap(t -> t.entries().stream()
                    .map(e -> new Posting(t.id(), t.kind(), t.status(), e.accountCode(), e.amount(), t.currency()))).toList());
            attempts.setAll(loaded.attempts());
            audit.setAll(loaded.audit());
        }, failure -> error.set(ErrorText.of(failure)));
    }

    /** Why Void is off for the open order, or empty. */
    public StringBinding voidRefusalProperty() {
        return voidRefusal;
    }

    public ReadOnlyBooleanProperty voidingProperty() {
        return voiding.getReadOnlyProperty();
    }

    /** What the last command came to, e.g. "Order 12 voided". */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Asks for a reason and voids the open executed order (SUPERVISOR, ADMIN); the case then reloads. */
    public void voidOpenOrder() {
        OrderCaseApi.Case open = orderCase.get();
        if (voids == null || open == null || voiding.get()) {
            return;
        }
        error.set("");
        message.set("");
        boolean sent = voids.voidOrder(open.order(), voided -> {
            voiding.set(false);
            message.set("Order " + voided.id() + " voided: " + voided.status() + "; the reversal is in its postings");
            open(voided.id());
        }, failure -> {
            voiding.set(false);
            error.set(ErrorText.of(failure));
        });
        voiding.set(sent);
    }

    /** An order changed on the server: the open case reloads. */
    public void serverChanged() {
        if (orderCase.get() != null) {
            open(orderCase.get().order().id());
        }
    }
}
