package teller.ui.fraud;

import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import teller.ui.api.FraudApi;
import teller.ui.api.FraudFlagView;
import teller.ui.api.OperatorInfo;
import teller.ui.common.ErrorText;
import teller.ui.common.LiveReload;
import teller.ui.common.UiExecutors;

/**
 * State and commands of the Fraud Flags screen: the flag list filtered by status and player level,
 * the selected flag, and resolving it. Only supervisors and admins may resolve (the server refuses
 * anyone else); for others the command is disabled.
 */
public final class FraudFlagsViewModel {
    public static final int PAGE_SIZE = 100;
    /** The filter value that means "any". */
    public static final String ANY = "ANY";

    private final FraudApi api;
    private final UiExecutors executors;
    private final ResolveDialogs dialogs;
    private final boolean mayResolve;

    private final ObservableList<FraudFlagView> flags = FXCollections.observableArrayList();
    private final ObjectProperty<FraudFlagView> selected = new SimpleObjectProperty<>();
    private final StringProperty statusFilter = new SimpleStringProperty("OPEN");
    private final StringProperty levelFilter = new SimpleStringProperty(ANY);
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty resolvable = new SimpleBooleanProperty();
    private final LiveReload live = new LiveReload(loading::get, this::refresh);
    private long generation;

    public FraudFlagsViewModel(FraudApi api, UiExecutors executors, ResolveDialogs dialogs, OperatorInfo operator) {
        this.api = api;
        this.executors = executors;
        this.dialogs = dialogs;
        this.mayResolve = operator.roles().contains("SUPERVISOR") || operator.roles().contains("ADMIN");
        selected.addListener((obs, before, flag) -> updateResolvable());
        loading.addListener((obs, before, now) -> updateResolvable());
        statusFilter.addListener((obs, before, now) -> refresh());
        levelFilter.addListener((obs, before, now) -> refresh());
    }

    private void updateResolvable() {
        FraudFlagView flag = selected.get();
        resolvable.set(mayResolve && flag != null && flag.open() && !loading.get());
    }

    public static List<String> statusChoices() {
        return List.of(ANY, "OPEN", "RESOLVED");
    }

    public static List<String> levelChoices() {
        List<String> choices = new java.util.ArrayList<>();
        choices.add(ANY);
        choices.addAll(FraudApi.LEVELS);
        return choices;
    }

    /** Loads the first page with the current filters; answers to an older load are dropped. */
    public void refresh() {
        long mine = ++generation;
        String status = ANY.equals(statusFilter.get()) ? null : statusFilter.get();
        String level = ANY.equals(levelFilter.get()) ? null : levelFilter.get();
        loading.set(true);
        error.set("");
        executors.run(() -> api.flags(status, level, null, null, PAGE_SIZE), page -> {
            if (mine != generation) {
                return;
            }
            loading.set(false);
            FraudFlagView shown = selected.get();
            String keep = shown == null ? null : shown.id();
            flags.setAll(page.items());
            // A flag just resolved here leaves the list of open flags; its detail stays shown, with who
            // resolved it and how, until another flag is chosen.
            selected.set(page.items().stream().filter(f -> f.id().equals(keep)).findFirst()
                    .orElse(shown != null && !shown.open() ? shown : null));
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
     * A flag was raised or resolved on the server (live event, on the UI thread): the list reloads,
     * keeping the selection. A burst of changes costs the reload in flight and at most one after it.
     */
    public void serverChanged() {
        live.changed();
    }

    /** Opens the resolve dialog for the selected flag and sends the answer. */
    public void resolveSelected() {
        FraudFlagView flag = selected.get();
        if (!resolvable.get() || flag == null) {
            return;
        }
        var answer = dialogs.askResolution(summary(flag));
        if (answer.isEmpty()) {
            return;
        }
        loading.set(true);
        error.set("");
        executors.run(() -> api.resolve(flag.id(), answer.get().resolution(), answer.get().note()), resolved -> {
            loading.set(false);
            message.set("Flag " + resolved.id() + " resolved as " + Resolutions.label(resolved.resolution()) + "; player "
                    + resolved.playerId() + " is now " + teller.ui.common.Labels.label(resolved.playerLevel())
                    + " (score " + resolved.playerScore() + ")");
            int index = flags.indexOf(flag);
            if (index >= 0) {
                flags.set(index, resolved);
            }
            selected.set(resolved);
            refresh();
        }, failure -> {
            loading.set(false);
            error.set(ErrorText.of(failure));
        });
    }

    public static String summary(FraudFlagView flag) {
        return flag.rule() + " on player " + flag.playerId() + (flag.orderId() == null ? "" : ", order " + flag.orderId());
    }

    public ObservableList<FraudFlagView> flags() {
        return flags;
    }

    public ObjectProperty<FraudFlagView> selectedProperty() {
        return selected;
    }

    public StringProperty statusFilterProperty() {
        return statusFilter;
    }

    public StringProperty levelFilterProperty() {
        return levelFilter;
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

    public BooleanProperty resolvableProperty() {
        return resolvable;
    }

    public boolean mayResolve() {
        return mayResolve;
    }
}
