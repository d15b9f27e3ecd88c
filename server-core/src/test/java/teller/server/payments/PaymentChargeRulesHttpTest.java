package teller.server.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import teller.server.support.ApiClient.Reply;

/**
 * Issue 17's payment rules over real HTTP: a known charge redelivered with another payer or amount
 * is refused, audited and changes nothing.
 */
class PaymentChargeRulesHttpTest extends PaymentWebhookFixture {

    private static long mismatchAudits(String chargeId) {
        return server.database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT count(*) FROM audit_log WHERE action = 'PAYMENT_WEBHOOK' AND outcome = 'DENIED'
                           AND resource_type = 'PAYMENT_CHARGE' AND resource_id = :r
                           AND details ->> 'reason' = 'CHARGE_MISMATCH'""")
                .bind("r", "stripe:" + chargeId).mapTo(Long.class).one());
    }

    @Test
    void aKnownChargeRedeliveredWithAnotherPayerOrAmountIsRefusedAuditedAndChangesNothing() {
        String payer = newPlayer();
        String other = newPlayer();
        String chargeId = payer + "-ch";
        Reply first = deliver("stripe", SECRET, charge(chargeId, payer, 2_500, "succeeded"));
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        Map<String, Object> payerBefore = state(payer);
        Map<String, Object> otherBefore = state(other);
        Map<String, Long> before = counts();

        Reply anotherPayer = deliver("stripe", SECRET, charge(chargeId, other, 2_500, "succeeded"));
        assertThat(anotherPayer.status()).as(anotherPayer.text()).isEqualTo(422);
        assertThat(anotherPayer.at("/error/code")).isEqualTo("CHARGE_MISMATCH");
        assertThat(anotherPayer.at("/error/details/chargeId")).isEqualTo(chargeId);

        Reply anotherAmount = deliver("stripe", SECRET, charge(chargeId, payer, 9_900, "succeeded"));
        assertThat(anotherAmount.status()).as(anotherAmount.text()).isEqualTo(422);
        assertThat(anotherAmount.at("/error/code")).isEqualTo("CHARGE_MISMATCH");

        Reply refundOfAnotherAmount = deliver("stripe", SECRET, charge(chargeId, payer, 1, "refunded"));
        assertThat(refundOfAnotherAmount.at("/error/code")).isEqualTo("CHARGE_MISMATCH");

        assertThat(counts()).as("nothing written").isEqualTo(before);
        assertThat(state(payer)).isEqualTo(payerBefore);
        assertThat(state(other)).isEqualTo(otherBefore);
        assertThat(balance(payer)).isEqualTo(2_500);
        assertThat(balance(other)).isZero();
        assertThat(mismatchAudits(chargeId)).as("each refusal audited").isEqualTo(3);
    }
}
