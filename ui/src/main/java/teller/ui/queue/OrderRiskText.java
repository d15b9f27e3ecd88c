package teller.ui.queue;

import teller.ui.api.OrderView;

/**
 * The order detail's risk section as text: the player's fraud level and score, the order's flags
 * with their evidence, its latest limit checks, and its proof's hash and forwarding status.
 */
final class OrderRiskText {
    private static final String NONE = QueueView.NONE;

    private OrderRiskText() {
    }

    static String level(OrderView o) {
        if (o.fraudLevel() == null) {
            return NONE;
        }
        boolean supervisor = "RISKY".equals(o.fraudLevel()) || "FRAUDULENT".equals(o.fraudLevel());
        return o.fraudLevel() + " (score " + o.fraudScore() + ")" + (supervisor ? " · a supervisor must approve" : "");
    }

    static String flags(OrderView o) {
        if (o.flags().isEmpty()) {
            return "None";
        }
        return String.join("\n", o.flags().stream().map(f -> f.rule() + " · " + f.points() + " points · " + f.status()
                + (f.evidenceLines().isEmpty() ? "" : "\n    " + String.join("; ", f.evidenceLines()))).toList());
    }

    static String limits(OrderView o) {
        var checks = o.latestLimitChecks();
        if (checks.isEmpty()) {
            return NONE;
        }
        return String.join("\n", checks.stream().map(c -> c.rule() + ": " + c.outcome()
                + (c.limit() == null ? "" : " (" + c.current() + " of " + c.limit() + ")")
                + " · " + c.phase().toLowerCase()).toList());
    }

    static String proof(OrderView o) {
        if (o.proof() == null || o.proof().sha256() == null) {
            return "No proof";
        }
        var f = o.proof().forwarding();
        String forwarding = f == null ? "not forwarded" : "forward " + f.status()
                + (f.messageRef() == null ? "" : " (message " + f.messageRef() + ")")
                + (f.lastError() == null ? "" : " · last error: " + f.lastError())
                + (f.attempts() > 0 ? " · " + f.attempts() + " attempt(s)" : "");
        return "SHA-256 " + o.proof().sha256() + "\n" + forwarding;
    }
}
