package teller.ui.fraud;

import java.util.Set;
import teller.ui.api.EventStream;
import teller.ui.common.Notices;
import teller.ui.console.LiveFeed;

/**
 * A notice for every fraud flag the engine raises, whatever screen the operator is on: the
 * console subscribes it to the session's live events for as long as the session lasts.
 */
public final class FlagNotices {
    public static final String FLAG_RAISED = "FLAG_RAISED";
    public static final String FLAG_RESOLVED = "FLAG_RESOLVED";
    static final String TITLE = "Fraud flag raised";

    private FlagNotices() {
    }

    /** Shows a notice on {@code notices} for each FLAG_RAISED of {@code live}. */
    public static LiveFeed.Subscription showOn(LiveFeed live, Notices notices) {
        return live.subscribe(Set.of(FLAG_RAISED), event -> {
            if (FLAG_RAISED.equals(event.type())) {
                notices.show(TITLE, text(event));
            }
        });
    }

    /** E.g. "DUPLICATE_PROOF flag on order #777 of player p-1 (+50 points)", from the engine's FLAG_RAISED payload. */
    public static String text(EventStream.ServerEvent event) {
        StringBuilder text = new StringBuilder();
        String rule = event.field("rule");
        String order = event.field("orderId");
        String player = event.field("playerId");
        String points = event.field("points");
        text.append(rule == null ? "A fraud flag" : rule + " flag");
        if (order != null) {
            text.append(" on order #").append(order);
        }
        if (player != null) {
            text.append(order != null ? " of player " : " on player ").append(player);
        }
        if (points != null) {
            text.append(" (+").append(points).append(" points)");
        }
        return text.toString();
    }
}
