package teller.ui.queue;

import java.time.Duration;
import java.time.Instant;
import teller.ui.api.OrderView;
import teller.ui.api.Preview;
import teller.ui.common.MoneyFormat;

/** The decision card's words: checks, postings, claims and approvals in plain language. No UI classes. */
public final class CardText {
    private CardText() {
    }

    /**
     * "✓ KYC: KYC status VERIFIED …", with a mark per outcome; the server's times in local time, and a
     * claim's end as the minutes left ("you are working on this order (4 min left)"), as the notice says it.
     */
    public static String check(Preview.Check check, Instant now) {
        return check(check, java.time.ZoneId.systemDefault(), now);
    }

    static String check(Preview.Check check, java.time.ZoneId zone) {
        return check(check, zone, null);
    }

    static String check(Preview.Check check, java.time.ZoneId zone, Instant now) {
        String mark = switch (check.outcome()) {
            case "PASS" -> "✓";
            case "NEEDS_SECOND_APPROVER" -> "½";
            case "NEEDS_SUPERVISOR" -> "⚠";
            default -> "✗";
        };
        String detail = "CLAIM".equals(check.name()) && now != null ? claimMinutes(check.detail(), now) : check.detail();
        return mark + "  " + name(check.name()) + ": " + localTimes(detail, zone);
    }

    private static final java.util.regex.Pattern CLAIM_UNTIL = java.util.regex.Pattern.compile(
            " until (\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?Z)");

    /** The claim check's " until 2026-12-07T10:04:05Z" as " (4 min left)" (issue 12). */
    static String claimMinutes(String detail, Instant now) {
        if (detail == null) {
            return null;
        }
        java.util.regex.Matcher m = CLAIM_UNTIL.matcher(detail);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String left;
            try {
                left = " (" + minutesLeft(Instant.parse(m.group(1)), now) + " min left)";
            } catch (java.time.format.DateTimeParseException e) {
                left = m.group();
            }
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(left));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Whole minutes from {@code now} until {@code end}, rounded up, at least 1. */
    private static long minutesLeft(Instant end, Instant now) {
        return Math.max(1, (Duration.between(now, end).toSeconds() + 59) / 60);
    }

    private static final java.util.regex.Pattern ISO_INSTANT =
            java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?Z");
    private static final java.time.format.DateTimeFormatter SECONDS =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * A server text with its ISO-8601 instants ("until 2026-12-07T10:04:05.123Z") written in local time
     * to the second ("until 2026-12-07 12:04:05"), as the card shows every time (issue 16).
     */
    public static String localTimes(String text, java.time.ZoneId zone) {
        if (text == null) {
            return null;
        }
        java.util.regex.Matcher m = ISO_INSTANT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String local;
            try {
                local = SECONDS.format(Instant.parse(m.group()).atZone(zone));
            } catch (java.time.format.DateTimeParseException e) {
                local = m.group();
            }
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(local));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A gate's name as an operator reads it: {@code DAILY_DEPOSIT_LIMIT} → "Daily deposit limit". */
    public static String name(String code) {
        String words = code.replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
        return switch (code) {
            case "KYC" -> "KYC";
            case "FUNDS" -> "Available funds";
            default -> Character.toUpperCase(words.charAt(0)) + words.substring(1);
        };
    }

    /** "HOLD  player:p-1:wallet  −25.00 USD". */
    public static String posting(Preview.Posting posting) {
        return posting.phase() + "   " + posting.account() + "   " + MoneyFormat.format(posting.amount(), posting.currency());
    }

    /**
     * Why Approve is off according to the preview, in plain words saying who can finish it; null when
     * approving now would go through.
     */
    public static String approveRefusal(Preview preview) {
        if (preview == null || preview.canApprove()) {
            return null;
        }
        Preview.Check refusal = preview.firstRefusal();
        if (refusal == null) {
            return "The server would refuse this approval.";
        }
        if ("NEEDS_SUPERVISOR".equals(refusal.outcome())) {
            return "Needs a supervisor: " + refusal.detail() + ". A SUPERVISOR or ADMIN can approve it.";
        }
        if ("SECOND_APPROVER".equals(refusal.name()) || "SELF_APPROVAL".equals(refusal.name())) {
            return refusal.detail() + ". Another approver (APPROVER, SUPERVISOR or ADMIN) can finish it.";
        }
        return "Blocked — " + name(refusal.name()) + ": " + refusal.detail();
    }

    /** "1 of 2 — approved by maria", or null when no approval has been given or one was all it needed. */
    public static String approvals(OrderView order) {
        if (order == null || order.approvals() == null || order.approvals().given() == 0) {
            return null;
        }
        OrderView.Approvals a = order.approvals();
        String by = String.join(", ", a.by().stream().map(OrderView.Approver::name).toList());
        return a.given() + " of " + a.required() + " — approved by " + by;
    }

    /** "being reviewed by juan (4 min)" while someone other than {@code meId} holds a live claim; else null. */
    public static String claimedByOther(OrderView order, String meId, Instant now) {
        if (order == null || !order.claimedAt(now) || order.claimedBy().id() != null && order.claimedBy().id().equals(meId)) {
            return null;
        }
        return beingReviewed(order.claimedBy().username(), order.claimExpiresAt(), now);
    }

    /** "being reviewed by juan (4 min)": the minutes left of the claim. */
    public static String beingReviewed(String username, Instant expiresAt, Instant now) {
        if (expiresAt == null) {
            return "being reviewed by " + username;
        }
        return "being reviewed by " + username + " (" + minutesLeft(expiresAt, now) + " min)";
    }

    /** What the list's review column says: a claim by another, the approvals so far, or nothing. */
    public static String review(OrderView order, String meId, Instant now) {
        String claim = claimedByOther(order, meId, now);
        if (claim != null) {
            return claim;
        }
        if (order.claimedAt(now)) {
            return "reviewing (you)";
        }
        String approvals = approvals(order);
        return approvals == null ? "" : approvals;
    }

    /** The maker's name as the card shows it. */
    public static String maker(OrderView order) {
        return order.createdBy() == null ? "—" : order.createdBy().name();
    }

    /** "Deposit #12 of $10.00" for banners. */
    static String summary(OrderView order) {
        return Outcome.summary(order);
    }
}
