package teller.ui.proof;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import teller.ui.api.OperatorInfo;
import teller.ui.api.ProofForwardApi;
import teller.ui.common.ErrorText;
import teller.ui.common.LiveReload;
import teller.ui.common.UiExecutors;

/**
 * Where each payment proof's forward to the operators' chat stands (status, attempts, last error,
 * next attempt), filtered by status, and the re-queue of a failed one. Re-queueing is offered only
 * to roles the server lets do it (SUPERVISOR, ADMIN); the server checks again either way.
 */
public final class ProofForwardsViewModel {
    /** "All" is the null status. */
    public static final List<String> STATUSES = List.of("QUEUED", "SENT", "RETRYING", "FAILED", "EXPIRED");
    public static final int PAGE_SIZE = 200;
    private static final List<String> REQUEUE_ROLES = List.of("SUPERVISOR", "ADMIN");

    private final ProofForwardApi api;
    private final UiExecutors executors;
    private final boolean mayRequeue;

    private final ObservableList<ProofForwardApi.Forward> forwards = FXCollections.observableArrayList();
    private final ObjectProperty<String> statusFilter = new SimpleObjectProperty<>();
    private final ObjectProperty<ProofForwardApi.Forward> selected = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper requeueing = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final BooleanBinding canRequeue;
    private long generation;
    private final LiveReload live = new LiveReload(loading::get, this::refresh);

    public ProofForwardsViewModel(ProofForwardApi api, UiExecutors executors, OperatorInfo operator) {
        this.api = api;
        this.executors = executors;
        this.mayRequeue = operator.roles().stream().anyMatch(REQUEUE_ROLES::contains);
        canRequeue = Bindings.createBooleanBinding(() -> mayRequeue && !requeueing.get() && selected.get() != null
                && selected.get().requeueable(), requeueing, selected);
        statusFilter.addListener((obs, before, status) -> refresh());
    }

    public ObservableList<ProofForwardApi.Forward> forwards() {
        return forwards;
    }

    public ObjectProperty<String> statusFilterProperty() {
        return statusFilter;
    }

    public ObjectProperty<ProofForwardApi.Forward> selectedProperty() {
        return selected;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** What the last re-queue did, for the status line. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Whether this operator's roles allow re-queueing at all (the button is disabled otherwise). */
    public boolean mayRequeue() {
        return mayRequeue;
    }

    public BooleanBinding canRequeueProperty() {
        return canRequeue;
    }

    /** Reloads the list with the current filter; answers to an older reload are dropped. */
    public void refresh() {
        long mine = ++generation;
        String status = statusFilter.get();
        loading.set(true);
        error.set("");
        executors.run(() -> api.list(status, null, PAGE_SIZE), page -> {
            if (mine != generation) {
                return;
            }
            loading.set(false);
            String keep = selected.get() == null ? null : selected.get().id();
            forwards.setAll(page.items());
            selected.set(keep == null ? null : forwards.stream().filter(f -> f.id().equals(keep)).findFirst().orElse(null));
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

    /**
     * A forward changed on the server (live event, on the UI thread): the list reloads, keeping the
     * selection. A burst of changes costs the reload in flight and at most one after it.
     */
    public void serverChanged() {
        live.changed();
    }

    /** Re-queues the selected forward, then reloads so the row shows its new status. */
    public void requeueSelected() {
        ProofForwardApi.Forward forward = selected.get();
        if (!canRequeue.get() || forward == null) {
            return;
        }
        requeueing.set(true);
        error.set("");
        executors.run(() -> api.requeue(forward.id()), updated -> {
            requeueing.set(false);
            message.set("Proof of order #" + updated.orderId() + " is " + updated.status() + " again");
            refresh();
        }, failure -> {
            requeueing.set(false);
            error.set(ErrorText.of(failure));
            refresh();
        });
    }
}
