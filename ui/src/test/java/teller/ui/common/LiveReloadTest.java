package teller.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A burst of live changes costs the load in flight and one more, never a load per change. */
class LiveReloadTest {
    private final AtomicBoolean loading = new AtomicBoolean();
    private final AtomicInteger loads = new AtomicInteger();
    private final LiveReload reload = new LiveReload(loading::get, () -> {
        loads.incrementAndGet();
        loading.set(true);
    });

    private void finishLoad() {
        loading.set(false);
        reload.loaded();
    }

    @Test
    void aChangeWhileIdleLoadsAtOnce() {
        reload.changed();
        assertThat(loads).hasValue(1);
    }

    @Test
    void changesDuringALoadCollapseIntoOneMoreLoadAfterIt() {
        reload.changed();
        for (int i = 0; i < 50; i++) {
            reload.changed();
        }
        assertThat(loads).as("nothing more while the first load runs").hasValue(1);
        finishLoad();
        assertThat(loads).as("one more, for the changes its answer may predate").hasValue(2);
        finishLoad();
        assertThat(loads).as("and then quiet").hasValue(2);
    }

    @Test
    void aLoadStartedByHandAlsoPicksUpChangesThatArrivedMeanwhile() {
        loading.set(true); // e.g. the operator pressed F5
        reload.changed();
        assertThat(loads).hasValue(0);
        finishLoad();
        assertThat(loads).hasValue(1);
    }
}
