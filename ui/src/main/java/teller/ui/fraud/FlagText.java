package teller.ui.fraud;

import java.time.Instant;
import java.time.ZoneId;
import teller.ui.api.FraudFlagView;
import teller.ui.common.Labels;

/**
 * A fraud flag's words on the Fraud flags screen (issue 16): labels instead of codes, the player's
 * risk labelled as the player's, who resolved it by username, times in local time to the second.
 */
public final class FlagText {

    private FlagText() {
    }

    /** "Quick withdrawal after a deposit · 30 points · Open". */
    public static String title(FraudFlagView flag) {
        return Labels.label(flag.rule()) + " · " + flag.points() + " points · " + Labels.label(flag.status());
    }

    /** "Player p-1 · Player risk: Suspicious, score 30 · order #12 · raised 2026-12-07 10:00:05". */
    public static String player(FraudFlagView flag, ZoneId zone) {
        return "Player " + flag.playerId() + " · Player risk: " + Labels.label(flag.playerLevel()) + ", score "
                + flag.playerScore() + (flag.orderId() == null ? "" : " · order #" + flag.orderId())
                + " · raised " + time(flag.createdAt(), zone);
    }

    /** "Open", or "Resolved as False positive by maria at 2026-12-07 10:00:05: known player". */
    public static String resolution(FraudFlagView flag, ZoneId zone) {
        if (flag.open()) {
            return Labels.label("OPEN") + ": " + Labels.meaning("OPEN");
        }
        String by = flag.resolvedByUsername() != null ? flag.resolvedByUsername()
                : flag.resolvedBy() == null ? "someone" : "operator " + flag.resolvedBy();
        return "Resolved as " + Labels.label(flag.resolution()) + " by " + by + " at " + time(flag.resolvedAt(), zone)
                + (flag.note() == null || flag.note().isBlank() ? "" : ": " + flag.note());
    }

    static String time(Instant at, ZoneId zone) {
        return teller.ui.common.Times.formatSeconds(at, zone, "—");
    }
}
