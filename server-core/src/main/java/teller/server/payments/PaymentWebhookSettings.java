package teller.server.payments;

import static teller.server.common.EnvironmentValues.longOr;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Secrets that sign payment webhooks and how far a signature's timestamp may be from now.
 * {@code secretsByProvider} is keyed by the provider name as it appears in
 * {@link #environmentSuffix} form (upper case, '-' as '_'); a provider's own secret wins over the
 * shared {@code defaultSecret} (decision 0036). Never logged: {@link #toString} hides them.
 */
public record PaymentWebhookSettings(String defaultSecret, Map<String, String> secretsByProvider, Duration tolerance) {
    public static final Duration TOLERANCE_DEFAULT = Duration.ofSeconds(300);
    public static final String SECRET_VARIABLE = "PAYMENT_WEBHOOK_SECRET";

    public PaymentWebhookSettings {
        secretsByProvider = Map.copyOf(secretsByProvider);
        if (tolerance.isNegative() || tolerance.isZero()) {
            throw new IllegalArgumentException("the webhook timestamp tolerance must be positive");
        }
    }

    public static PaymentWebhookSettings unconfigured() {
        return new PaymentWebhookSettings(null, Map.of(), TOLERANCE_DEFAULT);
    }

    /**
     * {@code PAYMENT_WEBHOOK_SECRET}, every {@code PAYMENT_WEBHOOK_SECRET_<PROVIDER>} and
     * {@code PAYMENT_WEBHOOK_TOLERANCE_SECONDS} of an environment ({@code get} reads one variable, blank as null).
     */
    public static PaymentWebhookSettings fromEnvironment(Map<String, String> env, Function<String, String> get) {
        return fromEnvironment(env, Duration.ofSeconds(longOr(
                get.apply("PAYMENT_WEBHOOK_TOLERANCE_SECONDS"), TOLERANCE_DEFAULT.toSeconds())));
    }

    /** {@code PAYMENT_WEBHOOK_SECRET} and every {@code PAYMENT_WEBHOOK_SECRET_<PROVIDER>} of an environment. */
    public static PaymentWebhookSettings fromEnvironment(Map<String, String> env, Duration tolerance) {
        String prefix = SECRET_VARIABLE + "_";
        Map<String, String> perProvider = new java.util.HashMap<>();
        String shared = null;
        for (var entry : env.entrySet()) {
            String value = entry.getValue() == null ? "" : entry.getValue().trim();
            if (value.isEmpty()) {
                continue;
            }
            if (entry.getKey().equals(SECRET_VARIABLE)) {
                shared = value;
            } else if (entry.getKey().startsWith(prefix) && entry.getKey().length() > prefix.length()) {
                perProvider.put(entry.getKey().substring(prefix.length()), value);
            }
        }
        return new PaymentWebhookSettings(shared, perProvider, tolerance);
    }

    public PaymentWebhookSettings withSecret(String provider, String secret) {
        Map<String, String> all = new java.util.HashMap<>(secretsByProvider);
        all.put(environmentSuffix(provider), secret);
        return new PaymentWebhookSettings(defaultSecret, all, tolerance);
    }

    public PaymentWebhookSettings withDefaultSecret(String secret) {
        return new PaymentWebhookSettings(secret, secretsByProvider, tolerance);
    }

    public PaymentWebhookSettings withTolerance(Duration value) {
        return new PaymentWebhookSettings(defaultSecret, secretsByProvider, value);
    }

    /** The secret that signs {@code provider}'s webhooks, if any is configured. */
    public Optional<String> secretFor(String provider) {
        return Optional.ofNullable(secretsByProvider.get(environmentSuffix(provider))).or(() -> Optional.ofNullable(defaultSecret));
    }

    /** {@code stripe-eu} is configured as {@code PAYMENT_WEBHOOK_SECRET_STRIPE_EU}. */
    public static String environmentSuffix(String provider) {
        return provider.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public String toString() {
        return "PaymentWebhookSettings[defaultSecret=" + (defaultSecret == null ? "unset" : "***") + ", providers="
                + new java.util.TreeSet<>(secretsByProvider.keySet()) + ", tolerance=" + tolerance + "]";
    }
}
