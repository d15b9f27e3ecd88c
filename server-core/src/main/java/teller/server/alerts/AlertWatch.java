package teller.server.alerts;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import teller.server.common.Transactor;
import teller.server.events.EventTypes;
import teller.server.events.Outbox;

/**
 * Announces each dashboard alert turning on or off as {@code ALERT_CHANGED} on the outbox (issue
 * 17), so the operations notices (and the live stream) hear of it once: the last announced state
 * of every alert is kept in {@code alert_states}, and the announcement and the new state are
 * written in one transaction. An alert first seen inactive is recorded silently.
 */
public final class AlertWatch {
    private final Transactor tx;
    private final DashboardService dashboard;
    private final DashboardStore store;
    private final Outbox outbox;
    private final Clock clock;

    public AlertWatch(Transactor tx, DashboardService dashboard, DashboardStore store, Outbox outbox, Clock clock) {
        this.tx = tx;
        this.dashboard = dashboard;
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** One iteration: returns how many alerts changed. */
    public int check() {
        List<Alert> alerts = dashboard.alerts();
        return tx.inTransaction(() -> {
            Map<String, Boolean> known = store.alertStates();
            int changed = 0;
            for (Alert alert : alerts) {
                Boolean before = known.get(alert.name());
                if (before != null && before == alert.active() || before == null && !alert.active()) {
                    if (before == null) {
                        store.alertState(alert.name(), false, clock.instant());
                    }
                    continue;
                }
                store.alertState(alert.name(), alert.active(), clock.instant());
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("alert", alert.name());
                payload.put("active", alert.active());
                payload.put("message", alert.message());
                outbox.emit(EventTypes.ALERT_CHANGED, "ALERT", alert.name(), payload);
                changed++;
            }
            return changed;
        });
    }
}
