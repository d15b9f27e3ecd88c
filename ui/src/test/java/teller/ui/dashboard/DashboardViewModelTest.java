package teller.ui.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import teller.ui.common.UiExecutors;

/** The dashboard's figures from a snapshot, its refresh timer and the queue shortcut, without an FX thread. */
class DashboardViewModelTest {
    private final AtomicInteger loads = new AtomicInteger();
    private final List<String> opened = new ArrayList<>();
    private final List<Runnable> ticks = new ArrayList<>();
    private final AtomicInteger timersStopped = new AtomicInteger();
    private Duration period;
    private DashboardSnapshot snapshot;

    private final Scheduler manual = (every, tick) -> {
        period = every;
        ticks.add(tick);
        return timersStopped::incrementAndGet;
    };

    private DashboardViewModel viewModel() {
        return new DashboardViewModel(() -> {
            loads.incrementAndGet();
            if (snapshot == null) {
                throw new IllegalStateException("server down");
            }
            return snapshot;
        }, UiExecutors.inline(), manual, opened::add);
    }

    private static DashboardSnapshot queueOnly() {
        return new DashboardSnapshot(Instant.parse("2026-11-23T18:00:05Z"), List.of(
                new DashboardSnapshot.PendingTotal("DEPOSIT", "USD", 2, 50_00),
                new DashboardSnapshot.PendingTotal("DEPOSIT", "PHP", 1, 1_000_00),
                new DashboardSnapshot.PendingTotal("GAME_LOAD", "USD", 1, 15_00)), true, 3_700L,
                new DashboardSnapshot.Decisions(4, 1, new BigDecimal("0.8000")), null, null, "no alerts here");
    }

    @Test
    void pendingTilesShowCountsAndAmountsPerTypeIncludingEmptyTypes() {
        snapshot = queueOnly();
        DashboardViewModel model = viewModel();

        model.activate();

        assertThat(model.pending()).containsExactly(
                new PendingKpi("DEPOSIT", "Deposits waiting", "3 orders", "₱1,000.00 · $50.00"),
                new PendingKpi("GAME_LOAD", "Game loads waiting", "1 order", "$15.00"),
                new PendingKpi("WITHDRAWAL", "Withdrawals waiting", "0 orders", "nothing waiting"));
        assertThat(model.pendingTotalProperty().get()).isEqualTo("4");
        assertThat(model.oldestPendingProperty().get()).isEqualTo("1h 01m");
        assertThat(model.approvedTodayProperty().get()).isEqualTo("4");
        assertThat(model.rejectedTodayProperty().get()).isEqualTo("1");
        assertThat(model.approvalRateProperty().get()).isEqualTo("80.0 %");
        assertThat(model.alerts()).isEmpty();
        assertThat(model.alertsNoteProperty().get()).isEqualTo("no alerts here");
        assertThat(model.updatedProperty().get()).startsWith("Updated 18:00:05 UTC");
    }

    @Test
    void figuresTheServerCannotGiveAreShownAsUnavailableWithTheReason() {
        DashboardSnapshot s = queueOnly();
        snapshot = new DashboardSnapshot(s.generatedAt(), s.pending(), false, null, null, "your role may not read it",
                List.of(new DashboardSnapshot.AlertState("PROVIDER_UNAVAILABLE", true, "3 failures")), null);
        DashboardViewModel model = viewModel();

        model.refresh();

        assertThat(model.pending().get(0).orders()).isEqualTo("at least 3 orders");
        assertThat(model.oldestPendingProperty().get()).isEqualTo("queue empty");
        assertThat(model.approvedTodayProperty().get()).isEqualTo("—");
        assertThat(model.approvalRateProperty().get()).isEqualTo("—");
        assertThat(model.todayNoteProperty().get()).isEqualTo("your role may not read it");
        assertThat(model.alerts()).extracting(DashboardSnapshot.AlertState::name).containsExactly("PROVIDER_UNAVAILABLE");
        assertThat(model.alertsNoteProperty().get()).isEmpty();
    }

    @Test
    void itRefreshesEveryMinuteWhileShownAndStopsWhenHidden() {
        snapshot = queueOnly();
        DashboardViewModel model = viewModel();

        model.activate();
        assertThat(period).isEqualTo(Duration.ofSeconds(60));
        ticks.get(0).run();
        assertThat(loads.get()).isEqualTo(2);

        model.deactivate();
        assertThat(timersStopped.get()).isEqualTo(1);
        model.activate();
        assertThat(ticks).as("a new timer per showing").hasSize(2);
    }

    @Test
    void aFailedRefreshKeepsTheLastFiguresAndSaysWhy() {
        snapshot = queueOnly();
        DashboardViewModel model = viewModel();
        model.refresh();
        snapshot = null;

        model.refresh();

        assertThat(model.errorProperty().get()).isEqualTo("The dashboard could not be refreshed: IllegalStateException: server down");
        assertThat(model.pendingTotalProperty().get()).isEqualTo("4");
        assertThat(model.loadingProperty().get()).isFalse();
    }

    @Test
    void aPendingTileOpensTheQueue() {
        snapshot = queueOnly();
        DashboardViewModel model = viewModel();

        model.openQueue("GAME_LOAD");

        assertThat(opened).containsExactly("GAME_LOAD");
    }

    @Test
    void liveChangesReloadTheFiguresOnceMoreAfterALoadInFlightNotOncePerEvent() {
        snapshot = queueOnly();
        List<Runnable> answers = new ArrayList<>();
        // Work runs when the test says: a load stays in flight until its answer is released.
        UiExecutors held = new UiExecutors(answers::add, Runnable::run);
        DashboardViewModel model = new DashboardViewModel(() -> {
            loads.incrementAndGet();
            return snapshot;
        }, held, manual, opened::add);

        model.serverChanged();
        assertThat(loads).hasValue(0);
        assertThat(model.loadingProperty().get()).isTrue();
        for (int i = 0; i < 20; i++) {
            model.serverChanged();
        }
        assertThat(answers).as("one load in flight").hasSize(1);

        answers.remove(0).run();
        assertThat(answers).as("one more, for the events its answer may predate").hasSize(1);
        answers.remove(0).run();
        assertThat(answers).isEmpty();
        assertThat(loads).hasValue(2);
        assertThat(model.pendingTotalProperty().get()).isEqualTo("4");
    }
}
