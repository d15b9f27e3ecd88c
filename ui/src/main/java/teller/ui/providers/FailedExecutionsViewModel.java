package teller.ui.providers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import teller.ui.api.OperatorInfo;
import teller.ui.api.OrderStatus;
import teller.ui.api.OrderView;
import teller.ui.api.ProviderInfo;
import teller.ui.api.ProvidersApi;
import teller.ui.common.ErrorText;
import teller.ui.common.LiveReload;
import teller.ui.common.UiExecutors;

/**
 * State and commands of the Failed & in flight screen: APPROVED_FAILED and EXECUTING orders with
 * their error, attempts and the provider's breaker; Retry of the selection (one order, or many in
 * one bulk request) and Void of an executed order. Retry and Void are SUPERVISOR and ADMIN commands
 * (the server refuses anyone else); Retry is also disabled, with the reason, while a selected
 * order's provider is down, and enables itself when the provider's state changes back.
 */
public final class FailedExecutionsViewModel {
    /** Orders of each status read per load. */
    public static final int PAGE_SIZE = 200;
    /** Usernames remembered per session, so a reload does not ask for every player again. */
    static final int PLAYER_NAMES_MAX = 2_000;

    /** What the table shows. */
    public enum Show {
        FAILED_AND_IN_FLIGHT("Failed & in flight"), EXECUTED("Executed (to void)");

        private final String label;

        Show(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** One order with its player's username and its provider as known now. */
    public record Row(OrderView order, String playerName, ProviderInfo provider) {
        public String id() {
            return order.id();
        }

        public String errorCode() {
            return order.executionErrorCode() == null ? "" : order.executionErrorCode();
        }

        public String errorText() {
            return order.executionErrorMessage() == null ? "" : order.executionErrorMessage();
        }

        public Instant lastAttempt() {
            return order.updatedAt();
        }

        public String providerText() {
            return provider == null ? ProviderInfo.idFor(order.type()) : provider.stateText() + " · " + provider.label();
        }
    }

    /** Asks why an executed order is voided; empty when the operator cancels. */
    public interface VoidDialogs {
        Optional<String> askVoidReason(String summary);
    }

    private final ProvidersApi api;
    private final UiExecutors executors;
    private final ProviderStates providers;
    /** The void rule and dialog every order detail shares. */
    private final OrderVoids voids;
    private final boolean maySupervise;
    private final boolean readOnly;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObservableList<Row> selection = FXCollections.observableArrayList();
    private final javafx.beans.property.ObjectProperty<Show> show =
            new javafx.beans.property.SimpleObjectProperty<>(Show.FAILED_AND_IN_FLIGHT);
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty retryable = new SimpleBooleanProperty();
    private final StringProperty retryReason = new SimpleStringProperty("");
    private final BooleanProperty voidable = new SimpleBooleanProperty();
    private final StringProperty voidReason = new SimpleStringProperty("");
    private final Map<String, String> playerNames = new java.util.concurrent.ConcurrentHashMap<>();
    private final LiveReload live = new LiveReload(loading::get, this::refresh);
    private final Runnable providersChanged = this::providersChanged;
    private long generation;
    private boolean replacing;

    public FailedExecutionsViewModel(ProvidersApi api, UiExecutors executors, ProviderStates providers, VoidDialogs dialogs,
                                     OperatorInfo operator) {
        this.api = api;
        this.executors = executors;
        this.providers = providers;
        this.voids = new OrderVoids(api, executors, dialogs, operator.roles());
        this.maySupervise = operator.roles().contains("SUPERVISOR") || operator.roles().contains("ADMIN");
        this.readOnly = !maySupervise;
        selection.addListener((javafx.collections.ListChangeListener<Row>) change -> updateCommands());
        loading.addListener((obs, before, now) -> updateCommands());
        show.addListener((obs, before, now) -> refresh());
        updateCommands();
    }

    /** The screen is shown: follow the providers' state. */
    public void activate() {
        providers.onChange(providersChanged);
        providers.refresh();
        refresh();
    }

    public void deactivate() {
        providers.removeOnChange(providersChanged);
    }

    private void providersChanged() {
        Map<String, ProviderInfo> byId = providers.byId();
        List<Row> updated = rows.stream().map(r -> new Row(r.order(), r.playerName(),
                byId.get(ProviderInfo.idFor(r.order().type())))).toList();
        List<String> selectedIds = selection.stream().map(Row::id).toList();
        replaceRows(updated, selectedIds);
        updateCommands();
    }

    /** Loads the orders of what is shown, with their players' usernames; older answers are dropped. */
    public void refresh() {
        long mine = ++generation;
        Show what = show.get();
        loading.set(true);
        error.set("");
        executors.run(() -> {
            List<OrderView> orders = new ArrayList<>();
            if (what == Show.FAILED_AND_IN_FLIGHT) {
                orders.addAll(api.orders(OrderStatus.APPROVED_FAILED, PAGE_SIZE));
                orders.addAll(api.orders(OrderStatus.EXECUTING, PAGE_SIZE));
            } else {
                orders.addAll(api.orders(OrderStatus.APPROVED_EXECUTED, PAGE_SIZE));
            }
            Map<String, String> names = new HashMap<>();
            for (OrderView o : orders) {
                String known = knownName(o.playerId());
                if (known == null && !names.containsKey(o.playerId())) {
                    names.put(o.playerId(), usernameOf(o.playerId()));
                }
            }
            return new Loaded(orders, names);
        }, loaded -> {
            if (mine != generation) {
                return;
            }
            loading.set(false);
            if (playerNames.size() + loaded.names().size() > PLAYER_NAMES_MAX) {
                playerNames.clear();
            }
            playerNames.putAll(loaded.names());
            Map<String, ProviderInfo> byId = providers.byId();
            List<String> selectedIds = selection.stream().map(Row::id).toList();
            List<Row> fresh = loaded.orders().stream().map(o -> new Row(o, nameOf(o.playerId()),
                    byId.get(ProviderInfo.idFor(o.type())))).toList();
            replaceRows(fresh, selectedIds);
            live.loaded();
        }, failure -> {
            if (mine != generation) {
                return;
            }
            loading.set(false);
            error.set(ErrorText.of(failure));
            live.loaded();
        });
    }

    /** New rows, the same orders selected as before (a table clearing its selection meanwhile is ignored). */
    private void replaceRows(List<Row> fresh, List<String> selectedIds) {
        replacing = true;
        try {
            rows.setAll(fresh);
        } finally {
            replacing = false;
        }
        selection.setAll(fresh.stream().filter(r -> selectedIds.contains(r.id())).toList());
    }

    /** True while the rows are being replaced: selection changes of the table then are not the operator's. */
    public boolean replacing() {
        return replacing;
    }

    private record Loaded(List<OrderView> orders, Map<String, String> names) {
    }

    private String knownName(String playerId) {
        return playerNames.get(playerId);
    }

    private String usernameOf(String playerId) {
        try {
            return api.player(playerId).username();
        } catch (RuntimeException unknown) {
            return playerId;
        }
    }

    private String nameOf(String playerId) {
        return playerNames.getOrDefault(playerId, playerId);
    }

    /** An order changed on the server (live event): the list reloads, keeping the selection. */
    public void serverChanged() {
        live.changed();
    }

    private void updateCommands() {
        String retry = retryBlock();
        retryReason.set(retry == null ? "" : retry);
        retryable.set(retry == null && !loading.get());
        String voidBlock = voidBlock();
        voidReason.set(voidBlock == null ? "" : voidBlock);
        voidable.set(voidBlock == null && !loading.get());
    }

    private String retryBlock() {
        if (readOnly) {
            return "Only a supervisor or an admin may retry (you can read this screen).";
        }
        if (selection.isEmpty()) {
            return "Select one or more APPROVED_FAILED orders to retry.";
        }
        if (selection.size() > ProvidersApi.BULK_RETRY_MAX) {
            return "At most " + ProvidersApi.BULK_RETRY_MAX + " orders per retry.";
        }
        for (Row row : selection) {
            if (row.order().status() != OrderStatus.APPROVED_FAILED) {
                return "Order " + row.id() + " is " + row.order().status() + ": only APPROVED_FAILED orders can be retried.";
            }
            if (row.provider() != null && row.provider().down()) {
                return row.provider().downReason() + ".";
            }
        }
        return null;
    }

    private String voidBlock() {
        if (!voids.mayVoid()) {
            return OrderVoids.ROLE_REASON;
        }
        if (selection.size() != 1 || selection.get(0).order().status() != OrderStatus.APPROVED_EXECUTED) {
            return "Select one APPROVED_EXECUTED order to void (show Executed).";
        }
        return voids.refusal(selection.get(0).order());
    }

    /** Retries the selection: one order by its own route, several in one bulk request. */
    public void retrySelected() {
        if (!retryable.get()) {
            return;
        }
        List<String> ids = selection.stream().map(Row::id).toList();
        loading.set(true);
        error.set("");
        message.set("");
        if (ids.size() == 1) {
            executors.run(() -> api.retry(ids.get(0)), order -> {
                loading.set(false);
                message.set("Order " + order.id() + " retried: " + order.status()
                        + (order.executionErrorCode() == null ? "" : " (" + order.executionErrorCode() + ")"));
                refresh();
            }, this::failed);
            return;
        }
        executors.run(() -> api.retry(ids), outcomes -> {
            loading.set(false);
            long retried = outcomes.stream().filter(ProvidersApi.RetryOutcome::retried).count();
            StringBuilder text = new StringBuilder(retried + " of " + outcomes.size() + " orders retried");
            outcomes.stream().filter(o -> !o.retried()).forEach(o -> text.append("; ").append(o.orderId()).append(": ")
                    .append(o.errorCode()));
            message.set(text.toString());
            refresh();
        }, this::failed);
    }

    /** Asks for a reason and voids the selected executed order. */
    public void voidSelected() {
        if (!voidable.get()) {
            return;
        }
        error.set("");
        voids.voidOrder(selection.get(0).order(), () -> loading.set(true), order -> {
            loading.set(false);
            message.set("Order " + order.id() + " voided: " + order.status());
            refresh();
        }, this::failed);
    }

    private void failed(Throwable failure) {
        loading.set(false);
        error.set(ErrorText.of(failure));
        refresh();
    }

    public ObservableList<Row> rows() {
        return rows;
    }

    /** The table's selection, kept in step by the view. */
    public ObservableList<Row> selection() {
        return selection;
    }

    public javafx.beans.property.ObjectProperty<Show> showProperty() {
        return show;
    }

    public BooleanProperty loadingProperty() {
        return loading;
    }

    public StringProperty errorProperty() {
        return error;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public BooleanProperty retryableProperty() {
        return retryable;
    }

    public StringProperty retryReasonProperty() {
        return retryReason;
    }

    public BooleanProperty voidableProperty() {
        return voidable;
    }

    public StringProperty voidReasonProperty() {
        return voidReason;
    }

    public ProviderStates providers() {
        return providers;
    }
}
