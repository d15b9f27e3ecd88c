package teller.ui.providers;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import teller.ui.api.ProviderInfo;
import teller.ui.api.ProvidersApi;
import teller.ui.common.ErrorText;
import teller.ui.common.UiExecutors;

/**
 * The session's view of every provider, shared by the Providers panel, the Failed & in flight
 * screen and the app bar's badges: loaded once, then reloaded on each {@code PROVIDER_STATE_CHANGED}
 * (and on a resync). {@link #anyOpen()} drives the warning badge, {@link #anySandbox()} the SANDBOX one.
 */
public final class ProviderStates {
    public static final String PROVIDER_STATE_CHANGED = "PROVIDER_STATE_CHANGED";

    private final ProvidersApi api;
    private final UiExecutors executors;
    private final ObservableList<ProviderInfo> providers = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper anyOpen = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper anySandbox = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper openText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private boolean loading;
    private boolean again;

    public ProviderStates(ProvidersApi api, UiExecutors executors) {
        this.api = api;
        this.executors = executors;
    }

    /** Reloads the list; a reload asked for while one runs is done once after it. */
    public void refresh() {
        if (loading) {
            again = true;
            return;
        }
        loading = true;
        executors.run(api::providers, this::loaded, failure -> {
            loading = false;
            error.set(ErrorText.of(failure));
            if (again) {
                again = false;
                refresh();
            }
        });
    }

    /** A provider's breaker moved (live event), or the feed resynced. */
    public void serverChanged() {
        refresh();
    }

    private void loaded(List<ProviderInfo> list) {
        loading = false;
        error.set("");
        providers.setAll(list);
        anyOpen.set(list.stream().anyMatch(ProviderInfo::open));
        anySandbox.set(list.stream().anyMatch(ProviderInfo::sandbox));
        openText.set(list.stream().filter(ProviderInfo::open).map(ProviderInfo::label).collect(Collectors.joining(", ")));
        listeners.forEach(Runnable::run);
        if (again) {
            again = false;
            refresh();
        }
    }

    /** Runs {@code listener} after every load (on the UI thread). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    public void removeOnChange(Runnable listener) {
        listeners.remove(listener);
    }

    public ObservableList<ProviderInfo> providers() {
        return providers;
    }

    public Map<String, ProviderInfo> byId() {
        return providers.stream().collect(Collectors.toMap(ProviderInfo::id, p -> p, (a, b) -> a));
    }

    public ReadOnlyBooleanProperty anyOpen() {
        return anyOpen.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty anySandbox() {
        return anySandbox.getReadOnlyProperty();
    }

    /** The labels of the providers whose breaker is open, e.g. "Game-load provider". */
    public ReadOnlyStringProperty openText() {
        return openText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty error() {
        return error.getReadOnlyProperty();
    }
}
