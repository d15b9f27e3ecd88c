package teller.server.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import teller.server.orders.OrderStatus;
import teller.server.orders.OrderType;
import teller.server.risk.FraudRules.Finding;
import teller.server.risk.FraudRules.OrderFact;

/** Each rule on hand-made histories: a case that trips it and the case just short of it. */
class FraudRulesTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final String SHA = "a".repeat(64);
    /** Every rule on, with small numbers that keep the cases readable. */
    private static final FraudSettings SETTINGS = new FraudSettings(3, 30, 3, 5, 4, 3, Duration.ofSeconds(60),
            Duration.ZERO);

    private final List<OrderFact> history = new ArrayList<>();
    private long nextId = 1;

    private OrderFact add(OrderType type, OrderStatus status, long amount, Instant createdAt, Instant executedAt) {
        OrderFact o = new OrderFact(nextId++, type, status, amount, createdAt, executedAt, null);
        history.add(o);
        return o;
    }

    private OrderFact pending(OrderType type, long amount, Instant createdAt) {
        return add(type, OrderStatus.PENDING_REVIEW, amount, createdAt, null);
    }

    private OrderFact executedDeposit(long amount, Instant executedAt) {
        return add(OrderType.DEPOSIT, OrderStatus.APPROVED_EXECUTED, amount, executedAt.minusSeconds(60), executedAt);
    }

    private List<FraudRule> rulesTripping(OrderFact order, List<Long> sameProof) {
        return findings(order, sameProof).stream().map(Finding::rule).toList();
    }

    private List<Finding> findings(OrderFact order, List<Long> sameProof) {
        return FraudRules.evaluate("p1", order, history, sameProof, SETTINGS);
    }

    // ---------------------------------------------------------------- VELOCITY

    @Test
    void velocityTripsWhenTheHourHoldsMoreOrdersThanTheThreshold() {
        pending(OrderType.DEPOSIT, 100, T0.minusSeconds(3_000));
        pending(OrderType.DEPOSIT, 100, T0.minusSeconds(2_000));
        pending(OrderType.DEPOSIT, 100, T0.minusSeconds(1_000));
        OrderFact fourth = pending(OrderType.DEPOSIT, 100, T0);

        Finding finding = findings(fourth, List.of()).stream().filter(f -> f.rule() == FraudRule.VELOCITY).findFirst()
                .orElseThrow();
        assertThat(finding.evidence()).containsEntry("orders", 4).containsEntry("threshold", 3);
        assertThat(finding.dedupeKey()).isEqualTo("player:p1:hour:" + T0.getEpochSecond() / 3600);
    }

    @Test
    void velocityDoesNotTripAtExactlyTheThresholdOrWhenTheOldestIsAnHourOld() {
        pending(OrderType.DEPOSIT, 100, T0.minus(Duration.ofHours(1)));
        pending(OrderType.DEPOSIT, 100, T0.minusSeconds(2_000));
        pending(OrderType.DEPOSIT, 100, T0.minusSeconds(1_000));
        OrderFact third = pending(OrderType.DEPOSIT, 100, T0);

        assertThat(rulesTripping(third, List.of())).doesNotContain(FraudRule.VELOCITY);
    }

    // ---------------------------------------------------------------- RAPID_WITHDRAWAL

    @Test
    void rapidWithdrawalTripsAtExactlyTheLimitAfterAnExecutedDeposit() {
        OrderFact deposit = executedDeposit(5_000, T0.minus(Duration.ofMinutes(30)));
        OrderFact withdrawal = pending(OrderType.WITHDRAWAL, 100, T0);

        Finding finding = findings(withdrawal, List.of()).stream()
                .filter(f -> f.rule() == FraudRule.RAPID_WITHDRAWAL).findFirst().orElseThrow();
        assertThat(finding.evidence()).containsEntry("depositOrderId", String.valueOf(deposit.id()))
                .containsEntry("secondsBetween", 1_800L);
        assertThat(finding.dedupeKey()).isEqualTo("order:" + withdrawal.id());
    }

    @Test
    void rapidWithdrawalDoesNotTripOneSecondLaterOrForADepositNotExecuted() {
        executedDeposit(5_000, T0.minus(Duration.ofMinutes(30)).minusSeconds(1));
        pending(OrderType.DEPOSIT, 5_000, T0.minusSeconds(10));
        OrderFact withdrawal = pending(OrderType.WITHDRAWAL, 100, T0);

        assertThat(rulesTripping(withdrawal, List.of())).doesNotContain(FraudRule.RAPID_WITHDRAWAL);
    }

    // ---------------------------------------------------------------- WINNING_STREAK

    @Test
    void winningStreakTripsOnTheThirdWithdrawalInARowThatTakesOutMoreThanWasPutIn() {
        Instant t = T0.minus(Duration.ofDays(3));
        executedDeposit(1_000, t);
        add(OrderType.WITHDRAWAL, OrderStatus.APPROVED_EXECUTED, 1_001, t.plusSeconds(100_000), null);
        add(OrderType.WITHDRAWAL, OrderStatus.APPROVED_EXECUTED, 50, t.plusSeconds(150_000), null);
        executedDeposit(200, t.plusSeconds(160_000));
        OrderFact third = pending(OrderType.WITHDRAWAL, 201, T0);

        Finding finding = findings(third, List.of()).stream().filter(f -> f.rule() == FraudRule.WINNING_STREAK)
                .findFirst().orElseThrow();
        assertThat(finding.evidence()).containsEntry("streak", 3);
    }

    @Test
    void winningStreakDoesNotTripWhenOneWithdrawalTookOutOnlyWhatWasPutIn() {
        Instant t = T0.minus(Duration.ofDays(3));
        executedDeposit(1_000, t);
        add(OrderType.WITHDRAWAL, OrderStatus.APPROVED_EXECUTED, 1_001, t.plusSeconds(100_000), null);
        add(OrderType.WITHDRAWAL, OrderStatus.APPROVED_EXECUTED, 50, t.plusSeconds(150_000), null);
        executedDeposit(200, t.plusSeconds(160_000));
        OrderFact third = pending(OrderType.WITHDRAWAL, 200, T0);

        assertThat(rulesTripping(third, List.of())).doesNotContain(FraudRule.WINNING_STREAK);
    }

    @Test
    void winningStreakIgnoresRejectedWithdrawalsAndDepositsThatWereNotExecuted() {
        Instant t = T0.minus(Duration.ofDays(3));
        add(OrderType.WITHDRAWAL, OrderStatus.APPROVED_EXECUTED, 10, t, null);
        add(OrderType.WITHDRAWAL, OrderStatus.REJECTED, 10, t.plusSeconds(10), null);
        add(OrderType.DEPOSIT, OrderStatus.REJECTED, 1_000, t.plusSeconds(20), null);
        add(OrderType.WITHDRAWAL, OrderStatus.APPROVED_EXECUTED, 10, t.plusSeconds(30), null);
        OrderFact third = pending(OrderType.WITHDRAWAL, 10, T0);
        assertThat(rulesTripping(third, List.of())).contains(FraudRule.WINNING_STREAK);

        // Two profitable withdrawals in a row only.
        history.clear();
        add(OrderType.WITHDRAWAL, OrderStatus.APPROVED_EXECUTED, 10, t, null);
        OrderFact second = pending(OrderType.WITHDRAWAL, 10, T0);
        assertThat(rulesTripping(second, List.of())).doesNotContain(FraudRule.WINNING_STREAK);
    }

    // ---------------------------------------------------------------- DUPLICATE_PROOF

    @Test
    void duplicateProofTripsWhenAnotherOrderCarriesTheSameHash() {
        OrderFact order = new OrderFact(9, OrderType.DEPOSIT, OrderStatus.PENDING_REVIEW, 100, T0, null, SHA);
        history.add(order);

        Finding finding = findings(order, List.of(4L)).stream().filter(f -> f.rule() == FraudRule.DUPLICATE_PROOF)
                .findFirst().orElseThrow();
        assertThat(finding.evidence()).containsEntry("proofSha256", SHA).containsEntry("otherOrderIds", List.of("4"));
    }

    @Test
    void duplicateProofDoesNotTripOnTheOrderItselfOrWithoutAProof() {
        OrderFact order = new OrderFact(9, OrderType.DEPOSIT, OrderStatus.PENDING_REVIEW, 100, T0, null, SHA);
        history.add(order);
        assertThat(rulesTripping(order, List.of(9L))).doesNotContain(FraudRule.DUPLICATE_PROOF);

        OrderFact withoutProof = pending(OrderType.DEPOSIT, 100, T0);
        assertThat(rulesTripping(withoutProof, List.of(4L))).doesNotContain(FraudRule.DUPLICATE_PROOF);
    }

    // ---------------------------------------------------------------- AMOUNT_ANOMALY

    @Test
    void amountAnomalyTripsJustAboveFactorTimesTheMedian() {
        Instant t = T0.minus(Duration.ofDays(10));
        // Median of 100, 200, 300, 400 (the latest four) is 250; 5 x 250 = 1250.
        add(OrderType.GAME_LOAD, OrderStatus.APPROVED_EXECUTED, 1_000_000, t, null); // fifth latest: outside the history
        add(OrderType.GAME_LOAD, OrderStatus.APPROVED_EXECUTED, 100, t.plusSeconds(1), null);
        add(OrderType.GAME_LOAD, OrderStatus.APPROVED_EXECUTED, 300, t.plusSeconds(2), null);
        add(OrderType.GAME_LOAD, OrderStatus.REJECTED, 1, t.plusSeconds(3), null); // rejected: not history
        add(OrderType.GAME_LOAD, OrderStatus.APPROVED_EXECUTED, 200, t.plusSeconds(4), null);
        add(OrderType.DEPOSIT, OrderStatus.APPROVED_EXECUTED, 5, t.plusSeconds(5), null); // other type
        add(OrderType.GAME_LOAD, OrderStatus.PENDING_REVIEW, 400, t.plusSeconds(6), null);

        OrderFact above = pending(OrderType.GAME_LOAD, 1_251, T0);
        Finding finding = findings(above, List.of()).stream().filter(f -> f.rule() == FraudRule.AMOUNT_ANOMALY)
                .findFirst().orElseThrow();
        assertThat(finding.evidence()).containsEntry("median", 250L).containsEntry("historyOrders", 4);

        history.remove(above);
        OrderFact atTheLimit = pending(OrderType.GAME_LOAD, 1_250, T0);
        assertThat(rulesTripping(atTheLimit, List.of())).doesNotContain(FraudRule.AMOUNT_ANOMALY);
    }

    @Test
    void amountAnomalyNeedsTheMinimumHistory() {
        add(OrderType.DEPOSIT, OrderStatus.APPROVED_EXECUTED, 10, T0.minus(Duration.ofDays(2)), T0.minus(Duration.ofDays(2)));
        add(OrderType.DEPOSIT, OrderStatus.APPROVED_EXECUTED, 10, T0.minus(Duration.ofDays(1)), T0.minus(Duration.ofDays(1)));
        OrderFact huge = pending(OrderType.DEPOSIT, 1_000_000, T0);
        assertThat(rulesTripping(huge, List.of())).doesNotContain(FraudRule.AMOUNT_ANOMALY);

        history.remove(huge);
        add(OrderType.DEPOSIT, OrderStatus.APPROVED_EXECUTED, 10, T0.minusSeconds(7_200), T0.minusSeconds(7_200));
        OrderFact hugeWithHistory = pending(OrderType.DEPOSIT, 1_000_000, T0);
        assertThat(rulesTripping(hugeWithHistory, List.of())).contains(FraudRule.AMOUNT_ANOMALY);
    }

    @Test
    void aRuleWithAZeroThresholdIsOff() {
        FraudSettings off = FraudSettings.off();
        pending(OrderType.DEPOSIT, 100, T0.minusSeconds(30));
        OrderFact order = pending(OrderType.DEPOSIT, 100, T0);
        assertThat(off.enabled()).isFalse();
        assertThat(FraudRules.evaluate("p1", order, history, List.of(), off.withVelocityThreshold(1)))
                .extracting(Finding::rule).containsExactly(FraudRule.VELOCITY);
        assertThat(FraudRules.evaluate("p1", order, history, List.of(), off)).isEmpty();
    }
}
