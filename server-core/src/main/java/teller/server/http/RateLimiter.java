package teller.server.http;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets by key (a token hash or a client address): {@code burst} requests at once, refilled
 * at {@code perSecond}. State is per process, which is enough to stop floods; with several replicas
 * each enforces its own share.
 */
final class RateLimiter {
    /** Keys kept before idle buckets are forgotten, so random keys cannot grow memory without bound. */
    static final int KEYS_MAX = 100_000;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long perSecond;
    private final long burst;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        private double tokens;
        private long refilledAtNanos;

        Bucket(double tokens, long nowNanos) {
            this.tokens = tokens;
            this.refilledAtNanos = nowNanos;
        }
    }

    RateLimiter(long perSecond, long burst, Clock clock) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.clock = clock;
    }

    boolean enabled() {
        return perSecond > 0;
    }

    /** Takes one request from the key's bucket; false when it is empty. */
    boolean tryAcquire(String key) {
        if (!enabled()) {
            return true;
        }
        long now = nanos();
        if (buckets.size() >= KEYS_MAX) {
            forgetFullBuckets(now);
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (bucket) {
            refill(bucket, now);
            if (bucket.tokens < 1) {
                return false;
            }
            bucket.tokens -= 1;
            return true;
        }
    }

    /** Whole seconds until the key's bucket holds a request again (for Retry-After). */
    long secondsUntilNext() {
        return Math.max(1, (long) Math.ceil(1.0 / perSecond));
    }

    private void refill(Bucket bucket, long now) {
        long elapsed = Math.max(0, now - bucket.refilledAtNanos);
        bucket.tokens = Math.min(burst, bucket.tokens + (double) elapsed * perSecond / NANOS_PER_SECOND);
        bucket.refilledAtNanos = now;
    }

    private void forgetFullBuckets(long now) {
        buckets.values().removeIf(bucket -> {
            synchronized (bucket) {
                refill(bucket, now);
                return bucket.tokens >= burst;
            }
        });
        if (buckets.size() >= KEYS_MAX) {
            // Every bucket is in use: forgetting them all errs towards letting requests through.
            buckets.clear();
        }
    }

    private long nanos() {
        var instant = clock.instant();
        return instant.getEpochSecond() * NANOS_PER_SECOND + instant.getNano();
    }
}
