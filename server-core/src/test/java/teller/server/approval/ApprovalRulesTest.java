package teller.server.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import teller.server.common.Actor;
import teller.server.common.ActorType;
import teller.server.common.ConflictException;
import teller.server.common.ForbiddenException;
import teller.server.common.UnavailableException;
import teller.server.orders.OrderPeople;
import teller.server.orders.OrderStatus;
import teller.server.orders.OrderType;
import teller.server.players.KycStatus;
import teller.server.provider.ProviderKind;
import teller.server.risk.LimitRule;
import teller.server.risk.PlayerActivity;
import teller.server.risk.RiskSettings;

/**
 * Each check of {@link ApprovalRules}: its outcome, its wording with the figures, what approve
 * answers and which check wins when several refuse. Pure: facts are built here, nothing is read.
 */
class ApprovalRulesTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final ApprovalRules RULES = new ApprovalRules(new RiskSettings(Map.of(), true));
    private static final Actor APPROVER = operator("7", "maria");

    // ------------------------------------------------------------------ status

    @Test
    void aDecidedOrderIsBlockedByItsStatus() {
        Verdict verdict = approve(facts().status(OrderStatus.REJECTED));
        assertThat(check(verdict, Check.STATUS).detail())
                .isEqualTo("the order is REJECTED; only a PENDING_REVIEW order can be approved");
        assertRefusedWith(verdict, "ORDER_NOT_PENDING");
        assertThat(verdict.refusal()).isInstanceOf(ConflictException.class);
    }

    @Test
    void aRetryNeedsAnApprovedFailedGameLoadOrWithdrawal() {
        Verdict pending = RULES.evaluate(facts().type(OrderType.GAME_LOAD).build(), APPROVER,
                ApprovalRules.Intent.RETRY, NOW);
        assertRefusedWith(pending, "ORDER_NOT_RETRYABLE");
        Verdict failed = RULES.evaluate(facts().type(OrderType.GAME_LOAD).status(OrderStatus.APPROVED_FAILED).build(),
                APPROVER, ApprovalRules.Intent.RETRY, NOW);
        assertThat(failed.action()).isEqualTo(Verdict.Action.PROCEED);
        assertThat(failed.checks()).extracting(Check::name).doesNotContain(Check.CLAIM, Check.SECOND_APPROVER)
                .contains(Check.APPROVAL_CAP, Check.PROVIDER);
    }

    // ------------------------------------------------------------------ claim

    @Test
    void anotherOperatorsLiveClaimBlocksAndNamesThem() {
        var claim = new OrderPeople.Claim("9", "alice", NOW.minusSeconds(60), NOW.plusSeconds(240));
        Verdict verdict = approve(facts().claim(claim));
        assertThat(check(verdict, Check.CLAIM).detail()).isEqualTo("alice is working on this order until " + claim.expiresAt());
        assertRefusedWith(verdict, "ORDER_CLAIMED");
        assertThat(verdict.refusal().details()).containsEntry("expiresAt", claim.expiresAt().toString());
    }

    @Test
    void ownExpiredOrSystemClaimsDoNotBlock() {
        var mine = new OrderPeople.Claim("7", "maria", NOW, NOW.plusSeconds(300));
        assertThat(check(approve(facts().claim(mine)), Check.CLAIM).outcome()).isEqualTo(Check.Outcome.PASS);
        Actor telegram = new Actor(ActorType.TELEGRAM_BOT, "7", "maria", "telegram");
        assertThat(check(evaluate(facts().claim(mine).build(), telegram), Check.CLAIM).outcome())
                .as("the bot acts as its operator").isEqualTo(Check.Outcome.PASS);
        var expired = new OrderPeople.Claim("9", "alice", NOW.minusSeconds(400), NOW.minusSeconds(100));
        assertThat(check(approve(facts().claim(expired)), Check.CLAIM).outcome()).isEqualTo(Check.Outcome.PASS);
        var theirs = new OrderPeople.Claim("9", "alice", NOW, NOW.plusSeconds(300));
        assertThat(check(evaluate(facts().claim(theirs).build(), Actor.system("payment-webhook:stripe")), Check.CLAIM)
                .detail()).contains("a confirmed payment is not held up by a claim");
    }

    // ------------------------------------------------------------------ maker-checker

    @Test
    void theMakerIsBlockedAlsoThroughTelegram() {
        TestFacts madeBy7 = facts().maker("OPERATOR", "7");
        assertRefusedWith(approve(madeBy7), "SELF_APPROVAL");
        Verdict viaTelegram = evaluate(madeBy7.build(), new Actor(ActorType.TELEGRAM_BOT, "7", "maria", "telegram"));
        assertRefusedWith(viaTelegram, "SELF_APPROVAL");
        assertThat(viaTelegram.refusal()).isInstanceOf(ForbiddenException.class);
        assertThat(check(viaTelegram, Check.SELF_APPROVAL).detail()).isEqualTo("you entered this order; someone else must approve it");
        assertThat(approve(facts().maker("INTEGRATION", "portal")).action()).isEqualTo(Verdict.Action.PROCEED);
    }

    @Test
    void theSelfApprovalCheckNamesTheMakerByUsernameNotById() {
        Verdict verdict = approve(facts().maker("OPERATOR", "9").makerName("alice"));
        assertThat(check(verdict, Check.SELF_APPROVAL).detail()).isEqualTo("entered by alice, not by you");
    }

    @Test
    void atTheThresholdTheFirstApprovalIsAcceptedAsTheFirstOfTwo() {
        Verdict first = approve(facts().amount(100_000).dualMin(100_000L));
        Check second = check(first, Check.SECOND_APPROVER);
        assertThat(second.outcome()).isEqualTo(Check.Outcome.NEEDS_SECOND_APPROVER);
        assertThat(second.detail()).isEqualTo("orders of 1,000.00 USD or more need two approvers: yours will be the first, "
                + "and a different operator must give the second");
        assertThat(first.canApprove()).isTrue();
        assertThat(first.action()).isEqualTo(Verdict.Action.RECORD_FIRST_APPROVAL);

        Verdict below = approve(facts().amount(99_999).dualMin(100_000L));
        assertThat(check(below, Check.SECOND_APPROVER).detail())
                .isEqualTo("one approval: below the dual-approval threshold of 1,000.00 USD");
        assertThat(below.action()).isEqualTo(Verdict.Action.PROCEED);
    }

    @Test
    void theSecondApprovalProceedsButNotFromTheFirstApproverOnAnyChannel() {
        var byAlice = new OrderPeople.GivenApproval("OPERATOR", "9", "alice", NOW.minusSeconds(30), null);
        Verdict second = approve(facts().amount(100_000).dualMin(100_000L).approvals(byAlice));
        assertThat(second.action()).isEqualTo(Verdict.Action.PROCEED);
        assertThat(check(second, Check.SECOND_APPROVER).detail()).startsWith("alice gave the first approval at ")
                .endsWith("; yours is the second of two");

        var byMariaInTelegram = new OrderPeople.GivenApproval("TELEGRAM_BOT", "7", "maria", NOW.minusSeconds(30), null);
        Verdict again = approve(facts().amount(100_000).dualMin(100_000L).approvals(byMariaInTelegram));
        assertRefusedWith(again, "APPROVAL_ALREADY_GIVEN");
        assertThat(check(again, Check.SECOND_APPROVER).outcome()).isEqualTo(Check.Outcome.BLOCK);
        assertThat(again.canApprove()).isFalse();
    }

    @Test
    void theCapBlocksWithBothFiguresAndTheSystemHasNone() {
        Verdict capped = approve(facts().amount(5_001).cap(5_000L));
        assertThat(check(capped, Check.APPROVAL_CAP).detail()).isEqualTo("50.01 USD is above your approval cap of 50.00 USD");
        assertRefusedWith(capped, "APPROVAL_CAP_EXCEEDED");
        assertThat(capped.auditDenial()).as("not a player rule").isFalse();
        assertThat(check(approve(facts().amount(5_000).cap(5_000L)), Check.APPROVAL_CAP).outcome())
                .isEqualTo(Check.Outcome.PASS);
        assertThat(evaluate(facts().amount(5_001).cap(5_000L).build(), Actor.system("payment-webhook:stripe")).action())
                .isEqualTo(Verdict.Action.PROCEED);
    }

    // ------------------------------------------------------------------ fraud, compliance, limits

    @Test
    void aRiskyPlayerNeedsASupervisorButNotForAConfirmedPayment() {
        Verdict approver = approve(facts().score(60));
        Check fraud = check(approver, Check.FRAUD_LEVEL);
        assertThat(fraud.outcome()).isEqualTo(Check.Outcome.NEEDS_SUPERVISOR);
        assertThat(fraud.detail()).isEqualTo("the player is RISKY (fraud score 60): only a SUPERVISOR or ADMIN may approve");
        assertRefusedWith(approver, "SUPERVISOR_REQUIRED");
        assertThat(approve(facts().score(60).roles("SUPERVISOR")).action()).isEqualTo(Verdict.Action.PROCEED);
        assertThat(check(evaluate(facts().score(90).build(), Actor.system("payment-webhook:stripe")), Check.FRAUD_LEVEL)
                .detail()).isEqualTo("the player is FRAUDULENT (fraud score 90); a signed, confirmed payment needs no supervisor");
        assertThat(check(approve(facts().score(30)), Check.FRAUD_LEVEL).detail())
                .isEqualTo("the player is SUSPICIOUS (fraud score 30)");
    }

    @Test
    void kycGatesWithdrawalsOnly() {
        Verdict withdrawal = approve(facts().type(OrderType.WITHDRAWAL).kyc(KycStatus.NONE));
        assertThat(check(withdrawal, Check.KYC).detail()).isEqualTo("KYC status NONE; a withdrawal needs VERIFIED");
        assertRefusedWith(withdrawal, "KYC_NOT_VERIFIED");
        assertThat(withdrawal.auditDenial()).isTrue();
        assertThat(approve(facts().kyc(KycStatus.NONE)).checks()).extracting(Check::name).doesNotContain(Check.KYC);
        Verdict off = new ApprovalRules(RiskSettings.none()).evaluate(facts().type(OrderType.WITHDRAWAL)
                .kyc(KycStatus.NONE).build(), APPROVER, ApprovalRules.Intent.APPROVE, NOW);
        assertThat(off.checks()).extracting(Check::name).doesNotContain(Check.KYC);
    }

    @Test
    void selfExclusionBlocksDepositsAndGameLoadsNotWithdrawals() {
        TestFacts excluded = facts().exclusion("TEMPORARY", NOW.plus(Duration.ofDays(3)));
        Verdict deposit = approve(excluded);
        assertThat(check(deposit, Check.SELF_EXCLUSION).detail())
                .isEqualTo("self-excluded (TEMPORARY until 2026-03-04T12:00:00Z): no DEPOSIT is accepted");
        assertRefusedWith(deposit, "PLAYER_SELF_EXCLUDED");
        assertRefusedWith(approve(excluded.type(OrderType.GAME_LOAD)), "PLAYER_SELF_EXCLUDED");
        assertThat(approve(facts().type(OrderType.WITHDRAWAL).exclusion("PERMANENT", null)).checks())
                .extracting(Check::name).doesNotContain(Check.SELF_EXCLUSION);
        assertThat(check(approve(facts().exclusion("TEMPORARY", NOW.minusSeconds(1))), Check.SELF_EXCLUSION).detail())
                .startsWith("the self-exclusion (TEMPORARY until ").endsWith(") has ended");
    }

    @Test
    void everyLimitOfTheTypeIsACheckWithItsFigures() {
        TestFacts deposit = facts().amount(40_100).activity(new PlayerActivity(60_000, 0, 0, 0, 0, 0, 0, null))
                .limit(LimitRule.DAILY_DEPOSIT_LIMIT, 100_000L);
        Verdict over = approve(deposit);
        assertThat(check(over, "DAILY_DEPOSIT_LIMIT").detail())
                .isEqualTo("deposits in the last 24 hours, this one included, would be 1,001.00 USD, above the limit of 1,000.00 USD");
        assertRefusedWith(over, "LIMIT_EXCEEDED");
        assertThat(over.refusal().details()).containsEntry("rule", "DAILY_DEPOSIT_LIMIT").containsEntry("current", 100_100L);
        assertThat(check(approve(deposit.amount(40_000)), "DAILY_DEPOSIT_LIMIT").detail())
                .isEqualTo("deposits in the last 24 hours, this one included, would be 1,000.00 USD of the limit of 1,000.00 USD");

        Verdict load = approve(facts().type(OrderType.GAME_LOAD));
        assertThat(load.checks()).extracting(Check::name).contains("DAILY_LOSS_LIMIT", "WEEKLY_LOSS_LIMIT",
                "MONTHLY_LOSS_LIMIT", "MAX_BET_AMOUNT").doesNotContain("DAILY_DEPOSIT_LIMIT");
        assertThat(check(load, "MAX_BET_AMOUNT").detail()).isEqualTo("no limit is set");

        Verdict cooling = approve(facts().type(OrderType.WITHDRAWAL)
                .activity(new PlayerActivity(0, 0, 0, 0, 0, 0, 0, NOW.minusSeconds(120)))
                .limit(LimitRule.WITHDRAWAL_COOLDOWN_SECONDS, 3_600L));
        assertThat(check(cooling, "WITHDRAWAL_COOLDOWN_SECONDS").detail())
                .isEqualTo("the last withdrawal was 120 s ago; the cooldown is 3600 s");
        assertRefusedWith(cooling, "LIMIT_EXCEEDED");
    }

    // ------------------------------------------------------------------ funds and the provider

    @Test
    void aGameLoadOrWithdrawalNeedsAvailableFunds() {
        Verdict short_ = approve(facts().type(OrderType.WITHDRAWAL).amount(3_000).available(1_200));
        assertThat(check(short_, Check.FUNDS).detail()).isEqualTo("available 12.00 USD does not cover 30.00 USD");
        assertRefusedWith(short_, "INSUFFICIENT_FUNDS");
        assertThat(approve(facts().amount(3_000).available(0)).checks()).extracting(Check::name)
                .as("a deposit credits the wallet").doesNotContain(Check.FUNDS, Check.PROVIDER);
    }

    @Test
    void theProviderMustBeConfiguredAndItsBreakerNotOpen() {
        Verdict unconfigured = approve(facts().type(OrderType.GAME_LOAD)
                .provider(new ProviderState(ProviderKind.GAME_LOAD, false, false, "DISABLED", null)));
        assertThat(check(unconfigured, Check.PROVIDER).detail())
                .isEqualTo("Game-load provider is not configured (set GAME_LOAD_API_URL)");
        assertRefusedWith(unconfigured, "PROVIDER_UNAVAILABLE");
        assertThat(((UnavailableException) unconfigured.refusal()).retryAfterSeconds()).isNull();

        Verdict open = approve(facts().type(OrderType.WITHDRAWAL)
                .provider(new ProviderState(ProviderKind.PAYOUT, true, false, "OPEN", NOW.plusMillis(11_200))));
        assertThat(check(open, Check.PROVIDER).detail()).isEqualTo(
                "Payout provider's circuit breaker is OPEN after repeated failures; it lets a trial call through in 12 s");
        assertThat(((UnavailableException) open.refusal()).retryAfterSeconds()).isEqualTo(12L);
        assertThat(open.refusal().details()).containsEntry("provider", "PAYOUT").containsEntry("state", "OPEN");

        Verdict halfOpen = approve(facts().type(OrderType.GAME_LOAD)
                .provider(new ProviderState(ProviderKind.GAME_LOAD, true, false, "HALF_OPEN", null)));
        assertThat(halfOpen.action()).isEqualTo(Verdict.Action.PROCEED);
        assertThat(check(halfOpen, Check.PROVIDER).detail()).contains("HALF_OPEN: this call is its trial");
        Verdict sandbox = approve(facts().type(OrderType.GAME_LOAD)
                .provider(new ProviderState(ProviderKind.GAME_LOAD, true, true, "CLOSED", null)));
        assertThat(check(sandbox, Check.PROVIDER).detail()).isEqualTo("SANDBOX game-load provider: executes nothing real");
    }

    // ------------------------------------------------------------------ which refusal wins

    @Test
    void theFirstRefusingCheckIsWhatApproveAnswersAndEveryCheckIsStillShown() {
        Verdict verdict = approve(facts().type(OrderType.WITHDRAWAL).amount(9_000).cap(100L).kyc(KycStatus.PENDING)
                .available(10).provider(new ProviderState(ProviderKind.PAYOUT, false, false, "DISABLED", null)));
        assertRefusedWith(verdict, "APPROVAL_CAP_EXCEEDED");
        assertThat(verdict.checks()).filteredOn(c -> c.outcome() == Check.Outcome.BLOCK).extracting(Check::name)
                .containsExactly(Check.APPROVAL_CAP, Check.KYC, Check.FUNDS, Check.PROVIDER);
        assertThat(verdict.checks()).extracting(Check::name).startsWith(Check.SELF_APPROVAL, Check.STATUS, Check.CLAIM,
                Check.SECOND_APPROVER, Check.APPROVAL_CAP, Check.FRAUD_LEVEL);
    }

    @Test
    void rejectIsHeldUpOnlyByItsStatusAndAnotherOperatorsClaim() {
        var claim = new OrderPeople.Claim("9", "alice", NOW, NOW.plusSeconds(300));
        TestFacts claimed = facts().claim(claim);
        Verdict refused = RULES.evaluateReject(claimed.build().order(), claimed.build().people(), APPROVER, NOW);
        assertThat(refused.refusal().code()).isEqualTo("ORDER_CLAIMED");
        TestFacts free = facts().score(90).kyc(KycStatus.NONE);
        assertThat(RULES.evaluateReject(free.build().order(), free.build().people(), APPROVER, NOW).refusal()).isNull();
    }

    // ------------------------------------------------------------------ helpers

    private static Verdict approve(TestFacts facts) {
        return evaluate(facts.build(), APPROVER);
    }

    private static Verdict evaluate(ApprovalFacts facts, Actor actor) {
        return RULES.evaluate(facts, actor, ApprovalRules.Intent.APPROVE, NOW);
    }

    private static Check check(Verdict verdict, String name) {
        return verdict.checks().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + verdict.checks()));
    }

    private static void assertRefusedWith(Verdict verdict, String code) {
        assertThat(verdict.canApprove()).isFalse();
        assertThat(verdict.action()).isEqualTo(Verdict.Action.REFUSE);
        assertThat(verdict.refusal().code()).as(verdict.checks().toString()).isEqualTo(code);
    }

    private static Actor operator(String id, String username) {
        return new Actor(ActorType.OPERATOR, id, username, "127.0.0.1");
    }

    private static TestFacts facts() {
        return new TestFacts(NOW);
    }
}
