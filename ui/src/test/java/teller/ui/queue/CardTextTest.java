package teller.ui.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import teller.ui.api.OrderType;
import teller.ui.api.Preview;

/** The card's words and the remembered filters, without any UI thread. */
class CardTextTest {
    private static Preview preview(boolean canApprove, Preview.Check... checks) {
        return new Preview("7", canApprove, List.of(checks), List.of(), null);
    }

    @Test
    void approveRefusalSaysWhoCanFinishIt() {
        assertThat(CardText.approveRefusal(preview(true, new Preview.Check("KYC", "PASS", "KYC status VERIFIED")))).isNull();
        assertThat(CardText.approveRefusal(preview(false, new Preview.Check("KYC", "PASS", "ok"),
                new Preview.Check("FRAUD_LEVEL", "NEEDS_SUPERVISOR", "the player is RISKY (fraud score 60)"))))
                .isEqualTo("Needs a supervisor: the player is RISKY (fraud score 60). A SUPERVISOR or ADMIN can approve it.");
        assertThat(CardText.approveRefusal(preview(false,
                new Preview.Check("SECOND_APPROVER", "BLOCK", "you gave the first approval"))))
                .startsWith("you gave the first approval. Another approver");
        assertThat(CardText.approveRefusal(preview(false,
                new Preview.Check("DAILY_DEPOSIT_LIMIT", "BLOCK", "today 900.00 + 200.00 USD exceeds the limit 1,000.00 USD"))))
                .isEqualTo("Blocked — Daily deposit limit: today 900.00 + 200.00 USD exceeds the limit 1,000.00 USD");
    }

    @Test
    void checkDetailsShowTheServersTimesInLocalTimeToTheSecond() {
        java.time.ZoneId zone = java.time.ZoneOffset.ofHours(2);
        assertThat(CardText.check(new Preview.Check("SECOND_APPROVER", "PASS",
                "maria gave the first approval at 2026-12-07T10:04:05.123456Z; yours is the second of two"), zone))
                .isEqualTo("✓  Second approver: maria gave the first approval at 2026-12-07 12:04:05; yours is the second of two");
        assertThat(CardText.check(new Preview.Check("SELF_APPROVAL", "PASS", "entered by maria, not by you"), zone))
                .isEqualTo("✓  Self approval: entered by maria, not by you");
    }

    @Test
    void claimsReadAsBeingReviewedWithTheMinutesLeft() {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");
        assertThat(CardText.beingReviewed("juan", now.plusSeconds(235), now)).isEqualTo("being reviewed by juan (4 min)");
        assertThat(CardText.beingReviewed("juan", now.plusSeconds(5), now)).isEqualTo("being reviewed by juan (1 min)");
    }

    @Test
    void theClaimChecksEndReadsAsTheMinutesLeftNotAsAnInstant() {
        Instant now = Instant.parse("2026-12-07T13:22:00Z");
        assertThat(CardText.check(new Preview.Check("CLAIM", "PASS", "you are working on this order until 2026-12-07T13:26:50.376Z"),
                java.time.ZoneOffset.UTC, now)).isEqualTo("✓  Claim: you are working on this order (5 min left)");
        assertThat(CardText.check(new Preview.Check("CLAIM", "BLOCK", "juan is working on this order until 2026-12-07T13:23:00Z"),
                java.time.ZoneOffset.UTC, now)).isEqualTo("✗  Claim: juan is working on this order (1 min left)");
    }

    @Test
    void filtersSurviveTheirRememberedLineAndBrokenPartsAreDropped() {
        QueueFilters filters = new QueueFilters(OrderType.WITHDRAWAL, "usd", "p-1", 1_000L, 50_000L, true, "me", 15, "amount");
        QueueFilters back = QueueFilters.decode(filters.encode());
        assertThat(back).isEqualTo(filters);
        assertThat(back.currency()).isEqualTo("USD");
        assertThat(back.params()).containsEntry("claimed", "me").containsEntry("sort", "amount")
                .containsEntry("amountMin", "1000");
        assertThat(QueueFilters.decode("type=NOPE;sort=size;amountMin=x;currency=EUR;")).isEqualTo(
                new QueueFilters(null, "EUR", null, null, null, null, null, null, null));
        assertThat(QueueFilters.decode(null)).isEqualTo(QueueFilters.NONE);
        assertThat(QueueFilters.NONE.params().values()).allMatch(v -> v == null);
        assertThat(QueueFilters.NONE.params()).hasSize(8);
    }
}
