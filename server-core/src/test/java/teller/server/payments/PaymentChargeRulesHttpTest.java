package teller.server.payments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import teller.server.support.ApiClient.Reply;

/**
 * Issue 17's payment rules over real HTTP: a known charge redelivered with another payer or amount
 * is refused, audited and changes nothing; a refunded charge raises a REFUND flag on its deposit
 * (whichever of refund and credit arrives first), for a supervisor to void, and voids nothing itself.
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

    private static List<JsonNode> refundFlags(String player) {
        Reply flags = admin.get("/api/v1/fraud/flags?playerId=" + player);
        assertThat(flags.status()).as(flags.text()).isEqualTo(200);
        List<JsonNode> refunds = new java.util.ArrayList<>();
        flags.body().get("items").forEach(f -> {
            if ("REFUND".equals(f.get("rule").asText())) {
                refunds.add(f);
            }
        });
        return refunds;
    }

    private static List<Map<String, Object>> flagRaisedEvents(String player) {
        return server.database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT payload::text AS payload FROM outbox_events
                         WHERE event_type = 'FLAG_RAISED' AND payload ->> 'playerId' = :p AND payload ->> 'rule' = 'REFUND'""")
                .bind("p", player).mapToMap().list());
    }

    private static void assertOneRefundFlag(String player, String chargeId, long amount, String orderId) {
        List<JsonNode> refunds = refundFlags(player);
        assertThat(refunds).as("one REFUND flag").hasSize(1);
        JsonNode flag = refunds.get(0);
        assertThat(flag.get("status").asText()).isEqualTo("OPEN");
        assertThat(flag.get("orderId").asText()).isEqualTo(orderId);
        assertThat(flag.at("/evidence/chargeId").asText()).isEqualTo(chargeId);
        assertThat(flag.at("/evidence/amount").asLong()).isEqualTo(amount);
        assertThat(flag.at("/evidence/currency").asText()).isEqualTo("USD");
        assertThat(flag.at("/evidence/provider").asText()).isEqualTo("stripe");
        assertThat(flagRaisedEvents(player)).as("announced once on the live stream").hasSize(1);
        assertThat(flagRaisedEvents(player).get(0).get("payload").toString()).contains(chargeId);
    }

    @Test
    void aRefundAfterTheCreditRaisesAFlagForASupervisorAndVoidsNothing() {
        String player = newPlayer();
        String chargeId = player + "-r1";
        Reply credited = deliver("stripe", SECRET, charge(chargeId, player, 3_000, "succeeded"));
        assertThat(credited.status()).as(credited.text()).isEqualTo(200);
        String orderId = credited.at("/orderId");
        assertThat(refundFlags(player)).isEmpty();

        Reply refunded = deliver("stripe", SECRET, charge(chargeId, player, 3_000, "refunded"));
        assertThat(refunded.status()).as(refunded.text()).isEqualTo(200);
        assertThat(refunded.at("/status")).isEqualTo("REFUNDED");
        assertOneRefundFlag(player, chargeId, 3_000, orderId);
        assertThat(balance(player)).as("never voided automatically").isEqualTo(3_000);
        assertThat(admin.get("/api/v1/orders/" + orderId).at("/status")).isEqualTo("APPROVED_EXECUTED");

        // Redelivered: still one flag, one event.
        assertThat(deliver("stripe", SECRET, charge(chargeId, player, 3_000, "refunded")).status()).isEqualTo(200);
        assertOneRefundFlag(player, chargeId, 3_000, orderId);

        // A supervisor (here the admin) voids the deposit; the void is audited.
        Reply voided = admin.post("/api/v1/orders/" + orderId + "/void", Map.of("reason", "charge refunded by stripe"));
        assertThat(voided.status()).as(voided.text()).isEqualTo(200);
        assertThat(balance(player)).isZero();
        long voidAudits = server.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM audit_log WHERE resource_id = :o AND action LIKE '%VOID%'")
                .bind("o", orderId).mapTo(Long.class).one());
        assertThat(voidAudits).isEqualTo(1);
    }

    @Test
    void aRefundBeforeTheCreditRaisesTheFlagWhenTheCreditArrives() {
        String player = newPlayer();
        String chargeId = player + "-r2";
        Reply refunded = deliver("stripe", SECRET, charge(chargeId, player, 4_000, "refunded"));
        assertThat(refunded.status()).as(refunded.text()).isEqualTo(200);
        assertThat(refundFlags(player)).as("no deposit yet, nothing to flag").isEmpty();
        assertThat(balance(player)).isZero();

        Reply credited = deliver("stripe", SECRET, charge(chargeId, player, 4_000, "succeeded"));
        assertThat(credited.status()).as(credited.text()).isEqualTo(200);
        String orderId = credited.at("/orderId");
        assertThat(orderId).isNotNull();
        assertThat(balance(player)).as("credited once, as in the other order").isEqualTo(4_000);
        assertOneRefundFlag(player, chargeId, 4_000, orderId);
    }
}
