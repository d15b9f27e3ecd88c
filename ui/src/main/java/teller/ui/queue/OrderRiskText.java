package teller.ui.queue;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import teller.ui.api.OrderView;
import teller.ui.common.Labels;
import teller.ui.common.MoneyFormat;
import teller.ui.fraud.EvidenceText;

/**
 * The order detail's risk section as text: the player's risk (level and score, labelled as the
 * player's), the order's flags with their evidence as sentences, its latest limit checks folded, and
 * its proof's hash and forwarding status.
 */
final class OrderRiskText {
    private static final String NONE = QueueView.NONE;

    private OrderRiskText() {
    }

    /**
     * The player's risk, labelled as the player's (issue 16): "Player risk: Suspicious, score 30". It
     * is the sum of every open flag of the player, not of this order's flags alone.
     */
    static String level(OrderView o) {
        if (o.fraudLevel() == null) {
            return NONE;
        }
        boolean supervisor = "RISKY".equals(o.fraudLevel()) || "FRAUDULENT".equals(o.fraudLevel());
        return "Player risk: " + Labels.label(o.fraudLevel()) + ", score " + o.fraudScore()
                + (supervisor ? " · a supervisor must approve" : "");
    }

    /** This order's flags: "Quick withdrawal after a deposit · 30 points · Open", then the evidence as sentences. */
    static String flags(OrderView o) {
        return flags(o, ZoneId.systemDefault());
    }

    static String flags(OrderView o, ZoneId zone) {
        if (o.flags().isEmpty()) {
            return "None on this order";
        }
        return String.join("\n", o.flags().stream().map(f -> {
            String evidence = EvidenceText.of(f, o.currency(), zone);
            return Labels.label(f.rule()) + " · " + f.points() + " points · " + Labels.label(f.status())
                    + (evidence.isEmpty() ? "" : "\n    " + evidence.replace("\n", "\n    "));
        }).toList());
    }

    /**
     * The latest limit checks, folded (issue 16): "No limits apply" when none is set, else one line per
     * limit that is set ("Daily deposit limit: $900.00 of $1,000.00 — Passed") and the rest in one line.
     */
    static String limits(OrderView o) {
        var checks = o.latestLimitChecks();
        if (checks.isEmpty()) {
            return NONE;
        }
        String when = Labels.label(checks.get(0).phase()).toLowerCase(java.util.Locale.ROOT);
        List<OrderView.LimitCheck> set = checks.stream().filter(c -> !"NO_LIMIT".equals(c.outcome())).toList();
        if (set.isEmpty()) {
            return "No limits apply (checked " + when + ")";
        }
        List<String> lines = new ArrayList<>();
        for (OrderView.LimitCheck c : set) {
            lines.add(Labels.label(c.rule()) + ": " + (c.limit() == null ? ""
                    : figure(c.rule(), c.current(), o.currency()) + " of " + figure(c.rule(), c.limit(), o.currency())
                    + " — ") + Labels.label(c.outcome()));
        }
        if (set.size() < checks.size()) {
            lines.add("No other limit is set");
        }
        lines.add("(checked " + when + ")");
        return String.join("\n", lines);
    }

    private static String figure(String rule, Long value, String currency) {
        if (value == null) {
            return "—";
        }
        return "WITHDRAWAL_COOLDOWN_SECONDS".equals(rule) ? value + " s" : MoneyFormat.format(value, currency);
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
