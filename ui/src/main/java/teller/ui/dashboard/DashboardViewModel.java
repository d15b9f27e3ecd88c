package teller.ui.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import teller.ui.common.AgeFormat;
import teller.ui.common.ErrorText;
import teller.ui.common.LiveReload;
import teller.ui.common.MoneyFormat;
import teller.ui.common.UiExecutors;

/**
 * The dashboard: pending orders per type (a tile opens the queue), the oldest pending age, today's
 * approvals, rejections and approval rate, and the server's alerts. Refreshes on demand and every
 * {@link #REFRESH_PERIOD} while shown.
 */
public final class DashboardViewModel {
    public static final Duration REFRESH_PERIOD = Duration.ofSeconds(60);
    /** The queue's order types, always shown (a type with nothing waiting reads 0). */
    static final List<String> TYPES = List.of("DEPOSIT", "GAME_LOAD", "WITHDRAWAL");
    private static final DateTimeFormatter UPDATED = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.US)
            .withZone(ZoneOffset.UTC);

    private final Callable<DashboardSnapshot> source;
    private final UiExecutors executors;
    private final Scheduler scheduler;
    private final Consumer<String> openQueue;
    private final Runnable openFailed;

    private final ObservableList<PendingKpi> pending = FXCollections.observableArrayList();
    private final ObservableList<DashboardSnapshot.AlertState> alerts = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper pendingTotal = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper oldestPending = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper approvedToday = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper rejectedToday = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper failedToday = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper approvalRate = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper todayNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper alertsNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper updated = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final LiveReload live = new LiveReload(loading::get, this::refresh);
    private Scheduler.Timer timer;
    private long generation;

    /**
     * @param source    reads the dashboard (blocking), e.g. {@code DashboardSource::load}
     * @param openQueue shows the queue, given the order type whose tile was clicked
     */
    public DashboardViewModel(Callable<DashboardSnapshot> source, UiExecutors executors, Scheduler scheduler,
                              Consumer<String> openQueue) {
        this(source, executors, scheduler, openQueue, () -> openQueue.accept(null));
    }

    /**
     * @param openFailed shows the orders whose execution failed (the failed-executions alert)
     */
    public DashboardViewModel(Callable<DashboardSnapshot> source, UiExecutors executors, Scheduler scheduler,
                              Consumer<String> openQueue, Runnable openFailed) {
        this.openFailed = Objects.requireNonNull(openFailed);
        this.source = Objects.requireNonNull(source);
        this.executors = Objects.requireNonNull(executors);
        this.scheduler = Objects.requireNonNull(scheduler);
        this.openQueue = Objects.requireNonNull(openQueue);
        for (String type : TYPES) {
            pending.add(new PendingKpi(type, typeTitle(type), "—", ""));
        }
    }

    public ObservableList<PendingKpi> pending() {
        return pending;
    }

    /** The server's alerts; empty (see {@link #alertsNoteProperty()}) when the server gives none. */
    public ObservableList<DashboardSnapshot.AlertState> alerts() {
        return alerts;
    }

    public ReadOnlyStringProperty pendingTotalProperty() {
        return pendingTotal.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty oldestPendingProperty() {
        return oldestPending.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty approvedTodayProperty() {
        return approvedToday.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty rejectedTodayProperty() {
        return rejectedToday.getReadOnlyProperty();
    }

    /** Orders approved today whose execution failed (APPROVED_FAILED: no money moved). */
    public ReadOnlyStringProperty failedTodayProperty() {
        return failedToday.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty approvalRateProperty() {
        return approvalRate.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty todayNoteProperty() {
        return todayNote.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty alertsNoteProperty() {
        return alertsNote.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty updatedProperty() {
        return updated.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Shown: load now and every {@link #REFRESH_PERIOD}. */
    public void activate() {
        refresh();
        if (timer == null) {
            timer = scheduler.every(REFRESH_PERIOD, this::refresh);
        }
    }

    /** Hidden: no more automatic refreshes. */
    public void deactivate() {
        if (timer != null) {
            timer.close();
            timer = null;
        }
    }

    /** Opens the queue from a pending tile. */
    public void openQueue(String type) {
        openQueue.accept(type);
    }

    /**
     * Opens what an alert row names: the failed executions for the failed-executions and provider
     * alerts, the queue for the others.
     */
    public void openAlert(String alertName) {
        if (opensFailedList(alertName)) {
            openFailed.run();
        } else {
            openQueue.accept(null);
        }
    }

    /** Whether the alert row {@code alertName} leads to the failed executions (else to the queue). */
    public static boolean opensFailedList(String alertName) {
        return "APPROVED_FAILED_RATIO".equals(alertName) || "PROVIDER_UNAVAILABLE".equals(alertName);
    }

    public void refresh() {
        if (loading.get()) {
            return;
        }
        long request = ++generation;
        loading.set(true);
        executors.run(source, snapshot -> {
            if (request != generation) {
                return;
            }
            loading.set(false);
            error.set("");
            show(snapshot);
            live.loaded();
        }, failure -> {
            if (request != generation) {
                return;
            }
            loading.set(false);
            // The figures of the last good load stay, marked by the time they were read.
            error.set("The dashboard could not be refreshed: " + ErrorText.of(failure));
            live.loaded();
        });
    }

    /**
     * Orders arrived or were decided on the server (live event, on the UI thread): the figures
     * reload. A burst of events costs the load in flight and at most one after it.
     */
    public void serverChanged() {
        live.changed();
    }

    private void show(DashboardSnapshot s) {
        String atLeast = s.pendingComplete() ? "" : "at least ";
        List<PendingKpi> tiles = new ArrayList<>();
        long total = 0;
        for (String type : TYPES) {
            long orders = 0;
            Map<String, Long> amounts = new TreeMap<>();
            for (DashboardSnapshot.PendingTotal p : s.pending()) {
                if (p.type().equals(type)) {
                    orders += p.orders();
                    amounts.merge(p.currency(), p.amount(), Math::addExact);
                }
            }
            total += orders;
            tiles.add(new PendingKpi(type, typeTitle(type), atLeast + orders + (orders == 1 ? " order" : " orders"),
                    money(amounts)));
        }
        pending.setAll(tiles);
        pendingTotal.set(atLeast + total);
        oldestPending.set(s.oldestPendingSeconds() == null ? "queue empty"
                : AgeFormat.since(Instant.EPOCH, Instant.ofEpochSecond(s.oldestPendingSeconds())));
        if (s.today() != null) {
            approvedToday.set(String.valueOf(s.today().approved()));
            rejectedToday.set(String.valueOf(s.today().rejected()));
            failedToday.set(String.valueOf(s.today().approvedFailed()));
            approvalRate.set(s.today().approved() + s.today().rejected() == 0 ? "no decisions yet"
                    : s.today().approvalRate().movePointRight(2).setScale(1, java.math.RoundingMode.HALF_UP)
                            .toPlainString() + " %");
            todayNote.set("");
        } else {
            approvedToday.set("—");
            rejectedToday.set("—");
            failedToday.set("—");
            approvalRate.set("—");
            todayNote.set(s.todayUnavailable());
        }
        if (s.alerts() != null) {
            alerts.setAll(s.alerts());
            alertsNote.set(s.alerts().stream().anyMatch(DashboardSnapshot.AlertState::active) ? "" : "No alert is active.");
        } else {
            alerts.clear();
            alertsNote.set(s.alertsUnavailable());
        }
        updated.set("Updated " + UPDATED.format(s.generatedAt()) + " UTC · refreshes every minute");
    }

    private static String money(Map<String, Long> byCurrency) {
        if (byCurrency.isEmpty()) {
            return "nothing waiting";
        }
        StringBuilder out = new StringBuilder();
        byCurrency.forEach((currency, amount) -> {
            if (out.length() > 0) {
                out.append(" · ");
            }
            out.append(MoneyFormat.format(amount, currency));
        });
        return out.toString();
    }

    static String typeTitle(String type) {
        return switch (type) {
            case "DEPOSIT" -> "Deposits waiting";
            case "GAME_LOAD" -> "Game loads waiting";
            case "WITHDRAWAL" -> "Withdrawals waiting";
            default -> type;
        };
    }
}
