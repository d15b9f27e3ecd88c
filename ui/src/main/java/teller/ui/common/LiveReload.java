package teller.ui.common;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Reloads a list after live changes without a request per change: a change while a load is in
 * flight is remembered, and the list loads once more when that load ends (its answer may predate
 * the change). Used on the UI thread only.
 */
public final class LiveReload {
    private final BooleanSupplier loading;
    private final Runnable load;
    private boolean pending;

    /**
     * @param loading whether a load is in flight now
     * @param load    starts a load, which calls {@link #loaded()} when it ends, answered or failed
     */
    public LiveReload(BooleanSupplier loading, Runnable load) {
        this.loading = Objects.requireNonNull(loading);
        this.load = Objects.requireNonNull(load);
    }

    /** Something the list shows changed on the server. */
    public void changed() {
        if (loading.getAsBoolean()) {
            pending = true;
        } else {
            load.run();
        }
    }

    /** The load in flight ended: one more load if changes arrived meanwhile. */
    public void loaded() {
        if (pending) {
            pending = false;
            load.run();
        }
    }
}
