package teller.ui.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;
import teller.ui.api.OrderView;

/** When approving asks for one confirmation, and what it names (issue 16, decision 0145); no UI thread. */
class ApprovalRisksTest {
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    /** An order as the server's JSON has it, with the fields that matter here. */
    private static OrderView order(long amount, String currency, String level, Integer score, String flags) {
        String json = "{\"id\":\"7\",\"type\":\"DEPOSIT\",\"status\":\"PENDING_REVIEW\",\"playerId\":\"p-1\","
                + "\"amount\":" + amount + ",\"currency\":\"" + currency + "\","
                + "\"fraudLevel\":" + (level == null ? "null" : "\"" + level + "\"") + ",\"fraudScore\":" + score
                + ",\"flags\":[" + flags + "]}";
        try {
            return JSON.readValue(json, OrderView.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String flag(String rule, int points, String status) {
        return "{\"id\":\"1\",\"playerId\":\"p-1\",\"orderId\":\"7\",\"rule\":\"" + rule + "\",\"points\":" + points
                + ",\"status\":\"" + status + "\",\"playerScore\":0}";
    }

    @Test
    void anOrdinaryOrderHasNoRiskAndStaysAtOneKey() {
        assertThat(ApprovalRisks.of(order(50_00, "USD", "SAFE", 0, ""), 100_000L)).isEmpty();
        assertThat(ApprovalRisks.of(order(1_000_00, "USD", null, null, ""), 100_000L)).as("at the amount, not above").isEmpty();
        assertThat(ApprovalRisks.of(order(5_000_00, "USD", null, null, flag("VELOCITY", 20, "RESOLVED")), null))
                .as("no amount set, a resolved flag").isEmpty();
    }

    @Test
    void eachRiskIsNamedInOneConfirmation() {
        assertThat(ApprovalRisks.of(order(1_000_01, "USD", "SUSPICIOUS", 30,
                flag("DUPLICATE_PROOF", 40, "OPEN") + "," + flag("VELOCITY", 20, "RESOLVED")), 100_000L))
                .containsExactly("Player risk: SUSPICIOUS, score 30.",
                        "Open fraud flag: DUPLICATE_PROOF (40 points).",
                        "$1,000.01 is above $1,000.00: larger approvals are confirmed.");
        assertThat(ApprovalRisks.of(order(10_00, "EUR", "FRAUDULENT", 90, ""), null))
                .containsExactly("Player risk: FRAUDULENT, score 90.");
        assertThat(ApprovalRisks.of(order(200_000, "JPY", "RISKY", 60, ""), 150_000L))
                .containsExactly("Player risk: RISKY, score 60.", "¥200,000 is above ¥150,000: larger approvals are confirmed.");
    }
}
