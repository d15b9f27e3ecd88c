package teller.server.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import teller.server.config.ServerConfig;
import teller.server.payments.WebhookSignature.Refusal;

/** The signature header's rules and the webhook and referral settings read from the environment. */
class WebhookSignatureTest {
    private static final String SECRET = "unit-secret";
    private static final byte[] BODY = "{\"chargeId\":\"ch_1\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    private static final Duration TOLERANCE = Duration.ofSeconds(300);

    @Test
    void aSignatureOfTheRawBodyWithinTheToleranceIsAccepted() {
        long t = NOW.getEpochSecond();
        assertThat(check(WebhookSignature.header(SECRET, t, BODY))).isEmpty();
        assertThat(check(WebhookSignature.header(SECRET, t - 300, BODY))).as("exactly at the tolerance").isEmpty();
        assertThat(check(WebhookSignature.header(SECRET, t + 300, BODY))).isEmpty();
        assertThat(check(WebhookSignature.header(SECRET, t - 301, BODY))).contains(Refusal.STALE);
        assertThat(check(WebhookSignature.header(SECRET, t + 301, BODY))).contains(Refusal.STALE);
    }

    @Test
    void oneMatchingV1AmongSeveralIsEnoughAndOtherSchemesAreIgnored() {
        long t = NOW.getEpochSecond();
        String good = hex(WebhookSignature.sign(SECRET, t, BODY));
        String other = hex(WebhookSignature.sign("old-secret", t, BODY));
        assertThat(check("t=" + t + ",v1=" + other + ",v1=" + good)).isEmpty();
        assertThat(check("v0=whatever, t=" + t + " , v1=" + good.toUpperCase())).isEmpty();
        assertThat(check("t=" + t + ",v1=" + other)).contains(Refusal.MISMATCH);
    }

    @Test
    void aChangedBodyOrTimestampNoLongerMatches() {
        long t = NOW.getEpochSecond();
        String v1 = hex(WebhookSignature.sign(SECRET, t, BODY));
        assertThat(check("t=" + (t - 1) + ",v1=" + v1)).contains(Refusal.MISMATCH);
        byte[] changed = "{\"chargeId\":\"ch_2\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.check("t=" + t + ",v1=" + v1, changed, SECRET, NOW, TOLERANCE)).contains(Refusal.MISMATCH);
    }

    @Test
    void malformedOrMissingHeadersAreRefusedForWhatTheyAre() {
        long t = NOW.getEpochSecond();
        String v1 = hex(WebhookSignature.sign(SECRET, t, BODY));
        assertThat(check(null)).contains(Refusal.MISSING);
        assertThat(check(" ")).contains(Refusal.MISSING);
        for (String header : List.of("v1=" + v1, "t=" + t, "t=" + t + ",v1=xyz", "t=soon,v1=" + v1,
                "t=" + t + ",t=" + t + ",v1=" + v1, "t=" + t + ";v1=" + v1, "garbage", "t=" + t + ",v1=" + v1 + "00",
                "t=" + t + ",v1=" + "a".repeat(WebhookSignature.HEADER_LENGTH_MAX))) {
            assertThat(check(header)).as(header).contains(Refusal.MALFORMED);
        }
    }

    @Test
    void aProvidersOwnSecretWinsOverTheSharedOneAndSecretsAreNeverPrinted() {
        var settings = PaymentWebhookSettings.fromEnvironment(Map.of("PAYMENT_WEBHOOK_SECRET", "shared-s3cret",
                "PAYMENT_WEBHOOK_SECRET_STRIPE_EU", "eu-s3cret", "PAYMENT_WEBHOOK_SECRET_EMPTY", " "), TOLERANCE);
        assertThat(settings.secretFor("stripe-eu")).contains("eu-s3cret");
        assertThat(settings.secretFor("adyen")).contains("shared-s3cret");
        assertThat(settings.secretFor("empty")).as("a blank value is no secret").contains("shared-s3cret");
        assertThat(settings.toString()).doesNotContain("s3cret");
        assertThat(PaymentWebhookSettings.fromEnvironment(Map.of(), TOLERANCE).secretFor("adyen")).isEmpty();
    }

    @Test
    void theServerConfigurationReadsWebhookAndReferralSettings() {
        ServerConfig config = ServerConfig.fromEnvironment(Map.of("PAYMENT_WEBHOOK_SECRET", "s",
                "PAYMENT_WEBHOOK_TOLERANCE_SECONDS", "60", "REFERRAL_REWARD_PERCENTS", "5, 15",
                "REFERRAL_LEVEL_MIN_REFERRALS", "1,10"));
        assertThat(config.paymentWebhooks().tolerance()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.paymentWebhooks().secretFor("any")).contains("s");
        assertThat(config.referrals().percents()).containsExactly(5, 15);
        assertThat(config.referrals().levelOf(9)).isEqualTo(1);
        assertThat(config.referrals().levelOf(10)).isEqualTo(2);
        ServerConfig defaults = ServerConfig.fromEnvironment(Map.of());
        assertThat(defaults.referrals().percents()).containsExactly(10, 25, 45);
        assertThat(defaults.paymentWebhooks().tolerance()).isEqualTo(Duration.ofSeconds(300));
        assertThat(defaults.paymentWebhooks().secretFor("any")).isEmpty();
    }

    private static Optional<Refusal> check(String header) {
        return WebhookSignature.check(header, BODY, SECRET, NOW, TOLERANCE);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
