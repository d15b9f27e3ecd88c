package teller.server.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;
import teller.server.support.ApiClient.Reply;

/**
 * Payment webhooks over real HTTP against the real server and PostgreSQL: a signed success credits
 * the wallet once through the approval path. Ends with a referral reward earned through a webhook
 * deposit. Replays are in {@link PaymentWebhookReplayHttpTest}, refusals in {@link PaymentWebhookRefusalHttpTest}.
 */
class PaymentWebhookHttpTest extends PaymentWebhookFixture {

    // ------------------------------------------------------------------ happy path

    @Test
    void aSignedSuccessCreatesADepositApprovedByTheSystemAndCreditsItOnce() {
        String player = newPlayer();
        // Odd spacing and key order: the signature covers these bytes, not a re-serialization.
        String raw = "{ \"status\":\"succeeded\",  \"amount\": 4200, \"currency\":\"USD\", \"playerId\":\"" + player
                + "\", \"chargeId\":\"ch_happy_" + SEQUENCE.incrementAndGet() + "\" }";
        Reply first = deliverRaw("stripe", SECRET, raw, now());
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(first.at("/status")).isEqualTo("SUCCEEDED");
        assertThat(first.at("/orderStatus")).isEqualTo("APPROVED_EXECUTED");
        assertThat(first.body().get("duplicate").asBoolean()).isFalse();
        String orderId = first.at("/orderId");

        Reply order = admin.get("/api/v1/orders/" + orderId);
        assertThat(order.at("/type")).isEqualTo("DEPOSIT");
        assertThat(order.at("/approvedByType")).isEqualTo("SYSTEM");
        assertThat(order.at("/source/channel")).isEqualTo("WEBHOOK");
        assertThat(order.body().get("ledgerTransactionIds")).hasSize(1);
        assertThat(balance(player)).isEqualTo(4_200);

        Reply again = deliverRaw("stripe", SECRET, raw, now());
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.body().get("duplicate").asBoolean()).isTrue();
        assertThat(again.at("/orderId")).isEqualTo(orderId);
        assertThat(again.body().get("deliveries").asInt()).isEqualTo(2);
        assertThat(balance(player)).as("a redelivery credits nothing more").isEqualTo(4_200);
        assertThat(admin.get("/api/v1/ledger/verify").body().get("balanced").asBoolean()).isTrue();
    }

    @Test
    void aProviderWithItsOwnSecretIsCheckedAgainstThatSecretOnly() {
        String player = newPlayer();
        Map<String, Object> body = charge("ch_acme_" + SEQUENCE.incrementAndGet(), player, 700, "succeeded");
        Reply shared = deliver("acme", SECRET, body);
        assertThat(shared.status()).as(shared.text()).isEqualTo(401);
        Reply own = deliver("ACME", ACME_SECRET, body);
        assertThat(own.status()).as(own.text()).isEqualTo(200);
        assertThat(own.at("/provider")).isEqualTo("acme");
        assertThat(balance(player)).isEqualTo(700);
    }

    @Test
    void aSuccessThatALimitRefusesWaitsForAnOperatorAndIsNeitherLostNorCreditedTwice() throws Exception {
        String player = newPlayer();
        Reply limit = admin.send("PUT", "/api/v1/players/" + player + "/limits",
                JSON.writeValueAsString(Map.of("DAILY_DEPOSIT_LIMIT", 1_000)), Map.of());
        assertThat(limit.status()).as(limit.text()).isEqualTo(200);
        Map<String, Object> body = charge("ch_limit_" + SEQUENCE.incrementAndGet(), player, 5_000, "succeeded");

        Reply first = deliver("stripe", SECRET, body);
        assertThat(first.status()).as(first.text()).isEqualTo(202);
        assertThat(first.at("/orderStatus")).isEqualTo("PENDING_REVIEW");
        assertThat(first.at("/lastError")).contains("DAILY_DEPOSIT_LIMIT");
        Reply again = deliver("stripe", SECRET, body);
        assertThat(again.status()).as(again.text()).isEqualTo(202);
        assertThat(again.at("/orderId")).isEqualTo(first.at("/orderId"));
        assertThat(balance(player)).isZero();

        // A supervisor lifts the limit; the next redelivery gets the order approved, once.
        assertThat(admin.send("PUT", "/api/v1/players/" + player + "/limits",
                JSON.writeValueAsString(Collections.singletonMap("DAILY_DEPOSIT_LIMIT", null)), Map.of()).status())
                .isEqualTo(200);
        Reply approved = deliver("stripe", SECRET, body);
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.at("/orderStatus")).isEqualTo("APPROVED_EXECUTED");
        assertThat(approved.body().get("lastError").isNull()).as("the old refusal is gone").isTrue();
        assertThat(deliver("stripe", SECRET, body).status()).isEqualTo(200);
        assertThat(balance(player)).isEqualTo(5_000);
    }


    // ------------------------------------------------------------------ referral through a webhook deposit

    @Test
    void aWebhookDepositOfAReferredPlayerEarnsItsReferrerTenPercent() throws Exception {
        String referrer = newPlayer();
        String buyer = newPlayer();
        Reply self = admin.send("PUT", "/api/v1/players/" + referrer + "/referrer",
                JSON.writeValueAsString(Map.of("referrerId", referrer)), Map.of());
        assertThat(self.status()).as(self.text()).isEqualTo(422);
        assertThat(self.at("/error/details/field")).isEqualTo("referrerId");
        Reply linked = admin.send("PUT", "/api/v1/players/" + buyer + "/referrer",
                JSON.writeValueAsString(Map.of("referrerId", referrer)), Map.of());
        assertThat(linked.status()).as(linked.text()).isEqualTo(200);
        assertThat(linked.at("/referrerId")).isEqualTo(referrer);
        Reply loop = admin.send("PUT", "/api/v1/players/" + referrer + "/referrer",
                JSON.writeValueAsString(Map.of("referrerId", buyer)), Map.of());
        assertThat(loop.status()).as(loop.text()).isEqualTo(422);
        assertThat(loop.at("/error/code")).isEqualTo("REFERRAL_LOOP");

        Reply paid = deliver("stripe", SECRET, charge("ch_ref_" + SEQUENCE.incrementAndGet(), buyer, 12_345, "succeeded"));
        assertThat(paid.at("/orderStatus")).as(paid.text()).isEqualTo("APPROVED_EXECUTED");
        Reply referrals = null;
        for (long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos(); System.nanoTime() < deadline; ) {
            referrals = admin.get("/api/v1/players/" + referrer + "/referrals");
            if (referrals.body().get("items").size() == 1 && referrals.at("/items/0/status").equals("GRANTED")) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(referrals.at("/items/0/status")).as(referrals.text()).isEqualTo("GRANTED");
        assertThat(referrals.body().at("/items/0/amount").asLong()).isEqualTo(1_234);
        assertThat(referrals.body().get("level").asInt()).isEqualTo(1);
        assertThat(referrals.body().get("percent").asInt()).isEqualTo(10);
        assertThat(referrals.at("/items/0/orderId")).isEqualTo(paid.at("/orderId"));
        assertThat(balance(referrer)).isEqualTo(1_234);
        assertThat(admin.get("/api/v1/ledger/verify").body().get("balanced").asBoolean()).isTrue();
    }
}
