package teller.ui.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import teller.ui.api.OrderStatus;
import teller.ui.api.OrderType;
import teller.ui.api.OrderView;

/** The card's risk words (issue 16): the player's risk labelled as the player's, limits folded. No FX thread. */
class OrderRiskTextTest {
    private static final Instant AT = Instant.parse("2026-12-07T10:00:05Z");

    private static OrderView order(List<OrderView.LimitCheck> checks, Integer score, String level) {
        return new OrderView("12", OrderType.DEPOSIT, OrderStatus.PENDING_REVIEW, "p-1", 120_000, "USD", null, null,
                null, AT, AT, null, null, null, null, 0, null, null, null, null, null, null, null, null, false, checks,
                List.of(), score, level, null, null, null, null, null, null, null);
    }

    private static OrderView.LimitCheck check(String rule, Long limit, Long current, String outcome) {
        return new OrderView.LimitCheck(rule, limit, current, outcome, "INTAKE", AT);
    }

    @Test
    void limitLinesFoldToNoLimitsApplyWhenNoneIsSet() {
        OrderView none = order(List.of(check("DAILY_DEPOSIT_LIMIT", null, null, "NO_LIMIT"),
                check("DAILY_LOSS_LIMIT", null, null, "NO_LIMIT"), check("MAX_BET_AMOUNT", null, null, "NO_LIMIT"),
                check("MAX_PAYOUT_AMOUNT", null, null, "NO_LIMIT")), 0, "SAFE");
        assertThat(OrderRiskText.limits(none)).isEqualTo("No limits apply (checked at entry)");

        OrderView one = order(List.of(check("DAILY_DEPOSIT_LIMIT", 100_000L, 90_000L, "PASS"),
                check("MAX_BET_AMOUNT", null, null, "NO_LIMIT")), 0, "SAFE");
        assertThat(OrderRiskText.limits(one)).isEqualTo(
                "Daily deposit limit: $900.00 of $1,000.00 — Passed\nNo other limit is set\n(checked at entry)");
    }

    @Test
    void thePlayersScoreIsLabelledAsThePlayersAndTheOrdersFlagsAsTheOrders() {
        assertThat(OrderRiskText.level(order(List.of(), 30, "SUSPICIOUS"))).isEqualTo("Player risk: Suspicious, score 30");
        assertThat(OrderRiskText.level(order(List.of(), 60, "RISKY")))
                .isEqualTo("Player risk: Risky, score 60 · a supervisor must approve");
        assertThat(OrderRiskText.flags(order(List.of(), 30, "SUSPICIOUS"))).isEqualTo("None on this order");
    }
}
