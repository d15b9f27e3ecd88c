package teller.server.config;

import static teller.server.common.EnvironmentValues.longOr;

import java.util.function.Function;

/**
 * Token buckets for the API: each bearer token and each client address may make {@code burst}
 * requests at once and then {@code perSecond} on average. The defaults are generous (a whole
 * office behind one address, a busy integration on one token); they stop floods and password
 * spraying, not work. A value of 0 for {@code perSecond} turns that limit off.
 */
public record RateLimitSettings(long perTokenPerSecond, long perTokenBurst, long perAddressPerSecond,
                                long perAddressBurst) {
    public RateLimitSettings {
        if (perTokenPerSecond < 0 || perAddressPerSecond < 0 || perTokenBurst < 1 || perAddressBurst < 1) {
            throw new IllegalArgumentException("rate limits must be >= 0 per second and >= 1 burst");
        }
    }

    public static RateLimitSettings defaults() {
        return new RateLimitSettings(200, 2_000, 500, 5_000);
    }

    /** RATE_LIMIT_TOKEN_PER_SECOND, RATE_LIMIT_TOKEN_BURST, RATE_LIMIT_ADDRESS_PER_SECOND, RATE_LIMIT_ADDRESS_BURST. */
    public static RateLimitSettings fromEnvironment(Function<String, String> get) {
        RateLimitSettings d = defaults();
        return new RateLimitSettings(
                longOr(get.apply("RATE_LIMIT_TOKEN_PER_SECOND"), d.perTokenPerSecond()),
                longOr(get.apply("RATE_LIMIT_TOKEN_BURST"), d.perTokenBurst()),
                longOr(get.apply("RATE_LIMIT_ADDRESS_PER_SECOND"), d.perAddressPerSecond()),
                longOr(get.apply("RATE_LIMIT_ADDRESS_BURST"), d.perAddressBurst()));
    }
}
