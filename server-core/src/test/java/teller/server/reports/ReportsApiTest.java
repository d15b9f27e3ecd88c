package teller.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import teller.server.support.ExecutionFixture;

/**
 * Reports over real HTTP on data whose totals are worked out by hand ({@link ReportsFixture}): each
 * report's figures, its parameters and who may read it.
 */
class ReportsApiTest extends ReportsFixture {

    @Test
    void balanceFlowShowsDepositsWithdrawalsVoidsAndNetFlowComputedByHand() {
        JsonNode r = report("balance-flow");
        assertThat(sum(r, "depositCount")).isEqualTo(3);
        assertThat(sum(r, "deposits")).isEqualTo(10_000 + 5_000 + 400);
        assertThat(sum(r, "withdrawalCount")).isEqualTo(1);
        assertThat(sum(r, "withdrawals")).isEqualTo(2_000);
        assertThat(sum(r, "voidedDeposits")).isEqualTo(400);
        assertThat(sum(r, "voidedWithdrawals")).isZero();
        assertThat(sum(r, "netFlow")).isEqualTo(15_400 - 400 - 2_000);
        assertThat(r.at("/summary/netFlowByCurrency/USD").asLong()).isEqualTo(13_000);
    }

    @Test
    void coarserGranularityRegroupsTheSameTotals() {
        var reply = fixture.admin.get("/api/v1/reports/balance-flow?" + range + "&granularity=month");
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        assertThat(sum(reply.body(), "netFlow")).isEqualTo(13_000);
        assertThat(reply.body().get("granularity").asText()).isEqualTo("month");
        for (JsonNode row : reply.body().get("rows")) {
            assertThat(row.get("period").asText()).endsWith("-01");
        }
    }

    @Test
    void profitByGameIsGameLoadsMinusRedemptionsPerGame() {
        JsonNode r = report("profit-by-game");
        Predicate<JsonNode> pusoy = row -> row.get("game").asText().equals(ExecutionFixture.GAME);
        Predicate<JsonNode> evil = row -> row.get("game").asText().equals(EVIL_GAME);
        assertThat(sum(r, "loads", pusoy)).isEqualTo(3_000);
        assertThat(sum(r, "redemptions", pusoy)).isEqualTo(2_000);
        assertThat(sum(r, "profit", pusoy)).isEqualTo(1_000);
        assertThat(sum(r, "loads", evil)).isEqualTo(1_000);
        assertThat(sum(r, "profit", evil)).isEqualTo(1_000);
        assertThat(sum(r, "profit")).isEqualTo(2_000);
    }

    @Test
    void voidsListTheVoidedDepositAndWhoVoidedIt() {
        JsonNode r = report("voids");
        assertThat(r.get("rows")).hasSize(1);
        JsonNode row = r.get("rows").get(0);
        assertThat(row.get("orderType").asText()).isEqualTo("DEPOSIT");
        assertThat(row.get("voidedBy").asText()).isEqualTo("admin");
        assertThat(row.get("voids").asLong()).isEqualTo(1);
        assertThat(row.get("amount").asLong()).isEqualTo(400);
    }

    @Test
    void operationsCountsDecisionsRatesAttemptsAndThroughputPerOperator() {
        JsonNode r = report("operations");
        JsonNode s = r.get("summary");
        // Approved: 3 deposits, 2 game loads, 1 withdrawal; rejected: 1 deposit.
        assertThat(s.get("approvals").asLong()).isEqualTo(6);
        assertThat(s.get("rejections").asLong()).isEqualTo(1);
        assertThat(s.get("decisions").asLong()).isEqualTo(7);
        assertThat(s.get("approvalRate").decimalValue()).isEqualByComparingTo(new BigDecimal("0.8571"));
        // Deposits post at once (3 attempts), the others go EXECUTING once each (3), none failed.
        assertThat(s.get("executionAttempts").asLong()).isEqualTo(6);
        assertThat(s.get("executed").asLong()).isEqualTo(6);
        assertThat(s.get("approvedFailed").asLong()).isZero();
        assertThat(s.get("approvedFailedRate").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(s.get("pendingNow").asLong()).isEqualTo(1);
        assertThat(s.get("timeToDecisionP95SecondsAtMost").asLong()).isPositive();
        assertThat(r.get("rows")).hasSize(1);
        JsonNode admin = r.get("rows").get(0);
        assertThat(admin.get("operator").asText()).isEqualTo("admin");
        assertThat(admin.get("approvals").asLong()).isEqualTo(6);
        assertThat(admin.get("rejections").asLong()).isEqualTo(1);
        assertThat(admin.get("voids").asLong()).isEqualTo(1);
    }

    @Test
    void dailySummaryAddsUpTheDay() {
        JsonNode r = report("daily-summary");
        assertThat(sum(r, "deposits")).isEqualTo(15_400);
        assertThat(sum(r, "withdrawals")).isEqualTo(2_000);
        assertThat(sum(r, "gameLoads")).isEqualTo(4_000);
        assertThat(sum(r, "voids")).isEqualTo(400);
        assertThat(sum(r, "netFlow")).isEqualTo(13_000);
        assertThat(sum(r, "approved")).isEqualTo(6);
        assertThat(sum(r, "rejected")).isEqualTo(1);
        assertThat(sum(r, "executionFailures")).isZero();
    }

    @Test
    void reconciliationOfCleanBooksFindsNothing() {
        JsonNode r = report("reconciliation");
        assertThat(r.at("/summary/balanced").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.get("rows")).isEmpty();
        assertThat(r.at("/summary/accountsChecked").asLong()).isPositive();
    }

    @Test
    void badParametersAreRefusedWithTheFieldNamed() {
        assertThat(fixture.admin.get("/api/v1/reports/balance-flow?granularity=year").at("/error/details/field"))
                .isEqualTo("granularity");
        var backwards = fixture.admin.get("/api/v1/reports/balance-flow?from=2026-02-01&to=2026-01-01");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.at("/error/details/field")).isEqualTo("from");
        assertThat(fixture.admin.get("/api/v1/reports/balance-flow?from=yesterday").status()).isEqualTo(400);
        assertThat(fixture.admin.get("/api/v1/reports/no-such-report").status()).isEqualTo(404);
        var unknownFormat = fixture.admin.get("/api/v1/reports/voids/export?format=doc");
        assertThat(unknownFormat.status()).isEqualTo(400);
        assertThat(unknownFormat.at("/error/details/field")).isEqualTo("format");
    }

    @Test
    void anApproverMayNotReadReports() {
        assertThat(fixture.clerk.get("/api/v1/reports/balance-flow").status()).isEqualTo(403);
    }
}
