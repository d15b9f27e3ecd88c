package teller.server.telegram;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import teller.server.orders.Order;
import teller.server.risk.LimitCheck;

/** The text under a forwarded proof: what the operator needs to decide from the chat. */
public final class ForwardCaption {
    /** Telegram refuses photo captions longer than this. */
    public static final int CAPTION_LENGTH_MAX = 1024;
    private static final int HASH_PREFIX_LENGTH = 16;

    private ForwardCaption() {
    }

    public static String of(Order order, List<LimitCheck> checks, String fraudSummary) {
        StringBuilder text = new StringBuilder();
        text.append(order.type().name()).append(" order #").append(order.id()).append('\n');
        text.append("Player: ").append(order.playerId()).append('\n');
        text.append("Amount: ").append(amount(order.amount(), order.currency())).append('\n');
        if (order.paymentMethod() != null) {
            text.append("Method: ").append(order.paymentMethod()).append('\n');
        }
        text.append(limits(checks)).append('\n');
        text.append(fraudSummary).append('\n');
        if (order.proofSha256() != null) {
            text.append("Proof sha256: ").append(order.proofSha256(), 0, HASH_PREFIX_LENGTH).append('…');
        }
        return truncate(text.toString());
    }

    /** Minor units shown in the currency's usual form, e.g. 5000 USD as "50.00 USD". */
    static String amount(long minor, String currency) {
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException unknown) {
            digits = 0;
        }
        return BigDecimal.valueOf(minor, digits).toPlainString() + " " + currency;
    }

    /** The latest round of checks (approval checks supersede intake's), failures named. */
    static String limits(List<LimitCheck> checks) {
        if (checks.isEmpty()) {
            return "Limits: not checked";
        }
        LimitCheck.Phase latest = checks.stream().anyMatch(c -> c.phase() == LimitCheck.Phase.APPROVAL)
                ? LimitCheck.Phase.APPROVAL : LimitCheck.Phase.INTAKE;
        List<LimitCheck> round = checks.stream().filter(c -> c.phase() == latest).toList();
        List<String> failed = round.stream().filter(LimitCheck::failed)
                .map(c -> c.rule().name() + " (" + c.current() + " > " + c.limit() + ")").toList();
        long passed = round.stream().filter(c -> c.outcome() == LimitCheck.Outcome.PASS).count();
        String phase = latest.name().toLowerCase(Locale.ROOT);
        if (failed.isEmpty()) {
            return "Limits (" + phase + "): " + passed + " passed, none failed";
        }
        return "Limits (" + phase + "): FAILED " + String.join(", ", failed) + "; " + passed + " passed";
    }

    static String truncate(String text) {
        return text.length() <= CAPTION_LENGTH_MAX ? text : text.substring(0, CAPTION_LENGTH_MAX - 1) + "…";
    }
}
