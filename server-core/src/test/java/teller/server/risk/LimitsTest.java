package teller.server.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import teller.server.orders.OrderType;
import teller.server.risk.LimitCheck.Outcome;

/** Each limit of DESIGN.md: a case that trips it and one that just does not. */
class LimitsTest {
    private static final Instant NOW = Instant.parse("2030-06-15T12:00:00Z");

    private static LimitCheck check(LimitRule rule, OrderType type, long amount, PlayerActivity activity, long limit) {
        List<LimitCheck> checks = Limits.evaluate(type, amount, activity, Map.of(rule, limit), LimitCheck.Phase.APPROVAL, NOW);
        return checks.stream().filter(c -> c.rule() == rule).findFirst().orElseThrow();
    }

    private static PlayerActivity activity(long depositsDay, long loadsDay, long payoutsDay, long loadsWeek, long payoutsWeek,
                                           long loadsMonth, long payoutsMonth) {
        return new PlayerActivity(depositsDay, loadsDay, payoutsDay, loadsWeek, payoutsWeek, loadsMonth, payoutsMonth, null);
    }

    @Test
    void dailyDepositLimitAllowsReachingItExactlyAndRefusesOneMinorUnitMore() {
        PlayerActivity a = activity(600, 0, 0, 0, 0, 0, 0);
        LimitCheck justNot = check(LimitRule.DAILY_DEPOSIT_LIMIT, OrderType.DEPOSIT, 400, a, 1_000);
        assertThat(justNot.outcome()).isEqualTo(Outcome.PASS);
        assertThat(justNot.current()).isEqualTo(1_000);
        LimitCheck trips = check(LimitRule.DAILY_DEPOSIT_LIMIT, OrderType.DEPOSIT, 401, a, 1_000);
        assertThat(trips.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(trips.current()).isEqualTo(1_001);
        assertThat(trips.limit()).isEqualTo(1_000);
    }

    @Test
    void dailyLossLimitCountsLoadsMinusWithdrawals() {
        PlayerActivity a = activity(0, 700, 200, 700, 200, 700, 200);
        assertThat(check(LimitRule.DAILY_LOSS_LIMIT, OrderType.GAME_LOAD, 500, a, 1_000).outcome()).isEqualTo(Outcome.PASS);
        LimitCheck trips = check(LimitRule.DAILY_LOSS_LIMIT, OrderType.GAME_LOAD, 501, a, 1_000);
        assertThat(trips.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(trips.current()).isEqualTo(1_001);
    }

    @Test
    void weeklyLossLimitUsesTheWeekWindow() {
        PlayerActivity a = activity(0, 0, 0, 900, 100, 900, 100);
        assertThat(check(LimitRule.WEEKLY_LOSS_LIMIT, OrderType.GAME_LOAD, 200, a, 1_000).outcome()).isEqualTo(Outcome.PASS);
        assertThat(check(LimitRule.WEEKLY_LOSS_LIMIT, OrderType.GAME_LOAD, 201, a, 1_000).outcome()).isEqualTo(Outcome.FAIL);
        assertThat(check(LimitRule.DAILY_LOSS_LIMIT, OrderType.GAME_LOAD, 201, a, 1_000).outcome())
                .as("nothing of it fell in the last day").isEqualTo(Outcome.PASS);
    }

    @Test
    void monthlyLossLimitUsesTheMonthWindow() {
        PlayerActivity a = activity(0, 0, 0, 0, 0, 5_000, 1_000);
        assertThat(check(LimitRule.MONTHLY_LOSS_LIMIT, OrderType.GAME_LOAD, 1_000, a, 5_000).outcome()).isEqualTo(Outcome.PASS);
        assertThat(check(LimitRule.MONTHLY_LOSS_LIMIT, OrderType.GAME_LOAD, 1_001, a, 5_000).outcome()).isEqualTo(Outcome.FAIL);
        assertThat(check(LimitRule.WEEKLY_LOSS_LIMIT, OrderType.GAME_LOAD, 1_001, a, 5_000).outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void aNetWinDoesNotBuyExtraLossAllowance() {
        // Withdrawals beyond what was loaded leave the net loss at zero, not negative.
        PlayerActivity a = activity(0, 100, 5_000, 100, 5_000, 100, 5_000);
        assertThat(check(LimitRule.DAILY_LOSS_LIMIT, OrderType.GAME_LOAD, 1_000, a, 1_000).outcome()).isEqualTo(Outcome.PASS);
        assertThat(check(LimitRule.DAILY_LOSS_LIMIT, OrderType.GAME_LOAD, 1_001, a, 1_000).outcome()).isEqualTo(Outcome.FAIL);
    }

    @Test
    void maxBetAmountBoundsOneGameLoad() {
        assertThat(check(LimitRule.MAX_BET_AMOUNT, OrderType.GAME_LOAD, 250, PlayerActivity.NONE, 250).outcome())
                .isEqualTo(Outcome.PASS);
        LimitCheck trips = check(LimitRule.MAX_BET_AMOUNT, OrderType.GAME_LOAD, 251, PlayerActivity.NONE, 250);
        assertThat(trips.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(trips.current()).isEqualTo(251);
    }

    @Test
    void maxPayoutAmountBoundsOneWithdrawal() {
        assertThat(check(LimitRule.MAX_PAYOUT_AMOUNT, OrderType.WITHDRAWAL, 900, PlayerActivity.NONE, 900).outcome())
                .isEqualTo(Outcome.PASS);
        assertThat(check(LimitRule.MAX_PAYOUT_AMOUNT, OrderType.WITHDRAWAL, 901, PlayerActivity.NONE, 900).outcome())
                .isEqualTo(Outcome.FAIL);
    }

    @Test
    void withdrawalCooldownRefusesUntilItsSecondsHavePassed() {
        PlayerActivity justNow = PlayerActivity.NONE.plus(OrderType.WITHDRAWAL, 10, NOW.minus(Duration.ofSeconds(59)));
        LimitCheck trips = check(LimitRule.WITHDRAWAL_COOLDOWN_SECONDS, OrderType.WITHDRAWAL, 10, justNow, 60);
        assertThat(trips.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(trips.current()).isEqualTo(59);
        PlayerActivity aMinuteAgo = PlayerActivity.NONE.plus(OrderType.WITHDRAWAL, 10, NOW.minus(Duration.ofSeconds(60)));
        assertThat(check(LimitRule.WITHDRAWAL_COOLDOWN_SECONDS, OrderType.WITHDRAWAL, 10, aMinuteAgo, 60).outcome())
                .isEqualTo(Outcome.PASS);
        LimitCheck first = check(LimitRule.WITHDRAWAL_COOLDOWN_SECONDS, OrderType.WITHDRAWAL, 10, PlayerActivity.NONE, 60);
        assertThat(first.outcome()).as("a first withdrawal has nothing to cool down from").isEqualTo(Outcome.PASS);
        assertThat(first.current()).isNull();
    }

    @Test
    void everyRuleOfAnOrderTypeIsReportedEvenWithoutALimit() {
        List<LimitCheck> checks = Limits.evaluate(OrderType.GAME_LOAD, 10, PlayerActivity.NONE, Map.of(),
                LimitCheck.Phase.INTAKE, NOW);
        assertThat(checks).extracting(LimitCheck::rule).containsExactly(LimitRule.DAILY_LOSS_LIMIT,
                LimitRule.WEEKLY_LOSS_LIMIT, LimitRule.MONTHLY_LOSS_LIMIT, LimitRule.MAX_BET_AMOUNT);
        assertThat(checks).extracting(LimitCheck::outcome).containsOnly(Outcome.NO_LIMIT);
        assertThat(Limits.evaluate(OrderType.DEPOSIT, 10, PlayerActivity.NONE, Map.of(), LimitCheck.Phase.INTAKE, NOW))
                .extracting(LimitCheck::rule).containsExactly(LimitRule.DAILY_DEPOSIT_LIMIT);
        assertThat(Limits.evaluate(OrderType.WITHDRAWAL, 10, PlayerActivity.NONE, Map.of(), LimitCheck.Phase.INTAKE, NOW))
                .extracting(LimitCheck::rule).containsExactly(LimitRule.MAX_PAYOUT_AMOUNT,
                        LimitRule.WITHDRAWAL_COOLDOWN_SECONDS);
    }
}
