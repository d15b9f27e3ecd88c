package teller.server.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static teller.server.support.BodyEdits.with;
import static teller.server.support.BodyEdits.without;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import teller.server.support.ApiClient.Reply;

/**
 * Refused payment webhooks over real HTTP: unsigned or stale deliveries are refused and audited with
 * nothing else written, and bad bodies name their field.
 */
class PaymentWebhookRefusalHttpTest extends PaymentWebhookFixture {

    // ------------------------------------------------------------------ refusals

    @Test
    void badSignaturesAndStaleTimestampsAreRefusedAuditedAndWriteNothingElse() throws Exception {
        String player = newPlayer();
        String chargeId = "ch_forged_" + SEQUENCE.incrementAndGet();
        String raw = JSON.writeValueAsString(charge(chargeId, player, 9_900, "succeeded"));
        Map<String, Long> before = counts();
        long auditBefore = deniedWebhookAudits();

        Reply wrongSecret = deliverRaw("stripe", "not-the-secret", raw, now());
        assertRefused(wrongSecret, "WEBHOOK_SIGNATURE_INVALID");
        assertRefused(deliverRaw("stripe", SECRET, raw, now() - 301), "WEBHOOK_TIMESTAMP_STALE");
        assertRefused(deliverRaw("stripe", SECRET, raw, now() + 301), "WEBHOOK_TIMESTAMP_STALE");
        String signedForOtherBody = WebhookSignature.header(SECRET, now(), raw.replace("9900", "99"));
        assertRefused(anonymous.send("POST", "/api/v1/webhooks/payments/stripe", raw,
                Map.of(WebhookSignature.HEADER, signedForOtherBody)), "WEBHOOK_SIGNATURE_INVALID");
        assertRefused(anonymous.send("POST", "/api/v1/webhooks/payments/stripe", raw, Map.of()),
                "WEBHOOK_SIGNATURE_MISSING");
        assertRefused(anonymous.send("POST", "/api/v1/webhooks/payments/stripe", raw,
                Map.of(WebhookSignature.HEADER, "v1=abc,t=yesterday")), "WEBHOOK_SIGNATURE_INVALID");
        // A session token is no substitute for the signature.
        assertRefused(admin.send("POST", "/api/v1/webhooks/payments/stripe", raw, Map.of()), "WEBHOOK_SIGNATURE_MISSING");

        assertThat(counts()).as("nothing but audit rows written").isEqualTo(before);
        assertThat(deniedWebhookAudits() - auditBefore).isEqualTo(7);
        var audits = server.database().jdbi().withHandle(h -> h.createQuery("""
                SELECT origin, details::text AS details FROM audit_log
                 WHERE action = 'PAYMENT_WEBHOOK' AND outcome = 'DENIED' ORDER BY id DESC LIMIT 7""").mapToMap().list());
        Set<String> reasons = new HashSet<>();
        for (var row : audits) {
            assertThat(row.get("origin")).as("where it came from").isNotNull();
            String details = (String) row.get("details");
            assertThat(details).doesNotContain(SECRET).doesNotContain(signedForOtherBody.substring(signedForOtherBody.indexOf("v1=") + 3));
            reasons.add(JSON.readTree(details).get("reason").asText());
        }
        assertThat(reasons).containsExactlyInAnyOrder("MISMATCH", "STALE", "MISSING", "MALFORMED");
        assertThat(balance(player)).isZero();
    }

    @Test
    void malformedBodiesAreRefusedNamingTheFieldAndWriteNothing() {
        String player = newPlayer();
        Map<String, Long> before = counts();
        Map<String, Object> good = charge("ch_bad_" + SEQUENCE.incrementAndGet(), player, 100, "succeeded");
        badBody(without(good, "chargeId"), 400, "chargeId");
        badBody(with(good, "chargeId", "has spaces in it"), 400, "chargeId");
        badBody(without(good, "playerId"), 400, "playerId");
        badBody(without(good, "amount"), 400, "amount");
        badBody(with(good, "amount", "a lot"), 400, "amount");
        badBody(with(good, "amount", -5), 400, "amount");
        badBody(with(good, "currency", "dollars"), 400, "currency");
        badBody(with(good, "status", "maybe"), 400, "status");
        badBody(without(good, "status"), 400, "status");
        badBody(with(good, "playerId", "nobody-" + SEQUENCE.incrementAndGet()), 422, "playerId");
        badBody(with(good, "currency", "EUR"), 422, "currency");
        Reply notJson = deliverRaw("stripe", SECRET, "{\"chargeId\": ", now());
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.at("/error/details/field")).isEqualTo("body");
        Reply badProvider = deliver("no such provider!", SECRET, good);
        assertThat(badProvider.status()).as(badProvider.text()).isEqualTo(400);
        assertThat(badProvider.at("/error/details/field")).isEqualTo("provider");
        assertThat(counts()).isEqualTo(before);
    }
}
