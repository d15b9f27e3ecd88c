package teller.server.http;

import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets by key (a token hash or a client address): {@code burst} requests at once, refilled
 * at {@code perSecond}. State is per process, which is enough to stop floods; with several replicas
 * each enforces its own share.
 *
 * <p>Memory is bounded without letting anyone reset a limit (decision 0071): the buckets are kept in
 * least-recently-used order, and only a bucket that has refilled completely is ever forgotten,
 * which loses nothing, since a new bucket starts full. When {@link #keysMax} keys are held and even the
 * least recently used one is still refilling, a new key shares one overflow bucket with every other
 * key that arrives then: a flood of new keys is limited as a whole, and every existing bucket, an
 * emptied one in particular, stays as it was.
 */
final class RateLimiter {
    /** Keys kept at most; a full bucket takes about 100 bytes, so this bounds the limiter to ~10 MB. */
    static final int KEYS_MAX = 100_000;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long perSecond;
    private final long burst;
    private final Clock clock;
    private final int keysMax;
    private final LinkedHashMap<String, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true);
    private final Bucket overflow;

    private static final class Bucket {
        private double tokens;
        private long refilledAtNanos;

        Bucket(double tokens, long nowNanos) {
            this.tokens = tokens;
            this.refilledAtNanos = nowNanos;
        }
    }

    RateLimiter(long perSecond, long burst, Clock clock) {
        this(perSecond, burst, clock, KEYS_MAX);
    }

    RateLimiter(long perSecond, long burst, Clock clock, int keysMax) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.clock = clock;
        this.keysMax = keysMax;
        this.overflow = new Bucket(burst, nanos());
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
        synchronized (buckets) {
            Bucket bucket = buckets.get(key);
            if (bucket == null) {
                bucket = forgetOneFullBucketIfAtCapacity(now) ? new Bucket(burst, now) : null;
                if (bucket == null) {
                    return take(overflow, now);
                }
                buckets.put(key, bucket);
            }
            return take(bucket, now);
        }
    }

    /** Keys held (tests and diagnostics). */
    int size() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    /** Whole seconds until the key's bucket holds a request again (for Retry-After). */
    long secondsUntilNext() {
        return Math.max(1, (long) Math.ceil(1.0 / perSecond));
    }

    /** True when there is room for a new bucket, after forgetting the least recently used one if it is full. */
    private boolean forgetOneFullBucketIfAtCapacity(long now) {
        if (buckets.size() < keysMax) {
            return true;
        }
        Iterator<Map.Entry<String, Bucket>> eldest = buckets.entrySet().iterator();
        Bucket candidate = eldest.next().getValue();
        refill(candidate, now);
        if (candidate.tokens >= burst) {
            eldest.remove();
            return true;
        }
        return false;
    }

    private boolean take(Bucket bucket, long now) {
        refill(bucket, now);
        if (bucket.tokens < 1) {
            return false;
        }
        bucket.tokens -= 1;
        return true;
    }

    private void refill(Bucket bucket, long now) {
        long elapsed = Math.max(0, now - bucket.refilledAtNanos);
        bucket.tokens = Math.min(burst, bucket.tokens + (double) elapsed * perSecond / NANOS_PER_SECOND);
        bucket.refilledAtNanos = now;
    }

    private long nanos() {
        var instant = clock.instant();
        return instant.getEpochSecond() * NANOS_PER_SECOND + instant.getNano();
    }
}
