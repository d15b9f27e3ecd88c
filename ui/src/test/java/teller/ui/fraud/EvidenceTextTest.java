package teller.ui.fraud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import teller.ui.api.FraudFlagView;

/** Fraud evidence as sentences, the flag's words and the one source of labels (issue 16), without the FX thread. */
class EvidenceTextTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId ZONE = ZoneOffset.ofHours(2);

    private static FraudFlagView flag(String rule, String evidence) throws Exception {
        return new FraudFlagView("3", "p-1", "12", rule, 30, JSON.readTree(evidence), "OPEN", null, null, null, null,
                Instant.parse("2026-12-07T10:00:05Z"), 30, "SUSPICIOUS", null);
    }

    @Test
    void aRapidWithdrawalReadsAsASentenceWithMoneyInTheCurrencyAndLocalTimesToTheSecond() throws Exception {
        FraudFlagView rapid = flag("RAPID_WITHDRAWAL", """
                {"depositOrderId": "11", "depositAmount": 120000, "depositExecutedAt": "2026-12-07T09:58:00Z",
                 "withdrawalRequestedAt": "2026-12-07T10:02:05Z", "secondsBetween": 245, "thresholdMinutes": 30}""");

        assertThat(EvidenceText.of(rapid, "USD", ZONE)).isEqualTo("A deposit of $1,200.00 (order #11) was paid in at "
                + "2026-12-07 11:58:00; this withdrawal was requested at 2026-12-07 12:02:05, 4 min 5 s later "
                + "(a withdrawal within 30 minutes of a deposit is flagged).");
    }

    @Test
    void theEvidencesOwnCurrencyWinsAndAnAnomalyNamesTheMedian() throws Exception {
        FraudFlagView anomaly = flag("AMOUNT_ANOMALY", """
                {"amount": 500000, "median": 20000, "factor": 10, "historyOrders": 6, "type": "DEPOSIT", "currency": "EUR"}""");

        assertThat(EvidenceText.of(anomaly, "USD", ZONE)).isEqualTo(
                "A deposit of €5,000.00 is more than 10 times the median €200.00 of the player's last 6 deposits.");
    }

    @Test
    void velocityStreakAndDuplicateProofNameOrdersByNumber() throws Exception {
        assertThat(EvidenceText.of(flag("VELOCITY", """
                {"orders": 6, "threshold": 5, "windowStart": "2026-12-07T09:00:05Z", "windowEnd": "2026-12-07T10:00:05Z",
                 "orderIds": ["7", "8"]}"""), "USD", ZONE))
                .isEqualTo("6 orders within an hour, more than the 5 allowed: from 2026-12-07 11:00:05 to "
                        + "2026-12-07 12:00:05 (orders #7, #8).");
        assertThat(EvidenceText.of(flag("WINNING_STREAK", """
                {"streak": 2, "threshold": 2, "withdrawals": [{"orderId": "12", "amount": 5000, "depositsBefore": 1000}]}"""),
                "USD", ZONE)).endsWith(":\n#12 took out $50.00 after deposits of $10.00");
        assertThat(EvidenceText.of(flag("DUPLICATE_PROOF", """
                {"proofSha256": "0123456789abcdef0123", "otherOrderIds": ["4"],
                 "otherPlayers": [{"playerId": "p-2", "username": "bob", "orderIds": ["4"]}]}"""), null, ZONE))
                .isEqualTo("The same proof image (SHA-256 0123456789ab…) is also on order #4.\nPlayer bob (p-2): order #4");
        assertThat(EvidenceText.of(flag("SOMETHING_NEW", "{\"x\": 1}"), "USD", ZONE)).isEqualTo("x: 1");
    }

    @Test
    void proofReuseLinksEveryOtherOrderAndPlayerButNotTheFlagsOwn() throws Exception {
        FraudFlagView flag = flag("DUPLICATE_PROOF", """
                {"proofSha256": "0123456789abcdef0123", "otherOrderIds": ["4", "7"],
                 "otherPlayers": [{"playerId": "p-2", "username": "bob", "orderIds": ["4"]},
                                  {"playerId": "p-3", "orderIds": ["7"]},
                                  {"playerId": "p-1", "orderIds": ["12"]}]}""");
        assertThat(EvidenceText.links(flag)).containsExactly(
                new EvidenceText.Link("order #4", teller.ui.common.IdLinks.ORDER, "4"),
                new EvidenceText.Link("order #7", teller.ui.common.IdLinks.ORDER, "7"),
                new EvidenceText.Link("player bob", teller.ui.common.IdLinks.PLAYER, "p-2"),
                new EvidenceText.Link("player p-3", teller.ui.common.IdLinks.PLAYER, "p-3"));
        assertThat(EvidenceText.links(flag("SOMETHING_NEW", "{\"x\": 1}"))).isEmpty();
    }

    @Test
    void aFlagSaysWhoResolvedItByUsernameAndTheResolutionsSayWhatTheyDo() throws Exception {
        FraudFlagView open = flag("RAPID_WITHDRAWAL", "{}");
        assertThat(FlagText.title(open)).isEqualTo("Quick withdrawal after a deposit · 30 points · Open");
        assertThat(FlagText.player(open, ZONE)).isEqualTo(
                "Player p-1 · Player risk: Suspicious, score 30 · order #12 · raised 2026-12-07 12:00:05");
        FraudFlagView resolved = new FraudFlagView("3", "p-1", "12", "VELOCITY", 25, null, "RESOLVED", "ACCEPTED_RISK",
                "known high roller", "4", Instant.parse("2026-12-07T11:00:00Z"), Instant.parse("2026-12-07T10:00:05Z"),
                0, "SAFE", "maria");
        assertThat(FlagText.resolution(resolved, ZONE))
                .isEqualTo("Resolved as Accepted risk by maria at 2026-12-07 13:00:00: known high roller");
        for (String code : java.util.List.of("CONFIRMED_FRAUD", "FALSE_POSITIVE", "ACCEPTED_RISK")) {
            assertThat(Resolutions.effect(code)).as(code).startsWith("Closes the flag");
            assertThat(teller.ui.common.Labels.tooltip(code)).contains(Resolutions.effect(code)).endsWith("(" + code + ")");
        }
    }
}
