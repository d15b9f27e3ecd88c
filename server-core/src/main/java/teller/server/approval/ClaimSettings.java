package teller.server.approval;

import static teller.server.common.EnvironmentValues.longOr;

import java.time.Duration;
import java.util.function.Function;

/**
 * Claims on orders (decision 0062).
 *
 * @param claimDuration how long a claim lasts from its last claim or extension ({@code ORDER_CLAIM_SECONDS})
 * @param sweepInterval how often claims that ran out are removed and announced as released
 */
public record ClaimSettings(Duration claimDuration, Duration sweepInterval) {
    public static final long CLAIM_SECONDS_DEFAULT = 300;
    public static final int SWEEP_BATCH_MAX = 500;

    public ClaimSettings {
        if (claimDuration.isNegative() || claimDuration.isZero()) {
            throw new IllegalArgumentException("ORDER_CLAIM_SECONDS must be at least 1");
        }
    }

    public static ClaimSettings defaults() {
        return new ClaimSettings(Duration.ofSeconds(CLAIM_SECONDS_DEFAULT), Duration.ofSeconds(5));
    }

    public static ClaimSettings fromEnvironment(Function<String, String> get) {
        return new ClaimSettings(Duration.ofSeconds(longOr(get.apply("ORDER_CLAIM_SECONDS"), CLAIM_SECONDS_DEFAULT)),
                defaults().sweepInterval());
    }
}
