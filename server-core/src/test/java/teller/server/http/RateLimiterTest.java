package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import teller.server.support.DomainGraph;

/** The limiter's memory bound (issue 15: 100k keys cleared every bucket, so a spray of addresses reset everyone's limits). */
class RateLimiterTest {
    private static final long PER_SECOND = 10;
    private static final long BURST = 20;
    private static final int FLOOD_KEYS = 200_000;
    private static final int KEYS_MAX = 100_000;

    @Test
    void aFloodOf200kNewKeysResetsNoExistingBucketAndMemoryStaysBounded() {
        var clock = new DomainGraph.MutableClock();
        var limiter = new RateLimiter(PER_SECOND, BURST, clock, KEYS_MAX);
        for (int i = 0; i < BURST; i++) {
            assertThat(limiter.tryAcquire("attacker")).isTrue();
        }
        assertThat(limiter.tryAcquire("attacker")).as("drained").isFalse();
        for (int i = 0; i < BURST / 2; i++) {
            assertThat(limiter.tryAcquire("busy-client")).isTrue();
        }

        // All at one instant, so no bucket refills: whatever changed would be a reset.
        for (int i = 0; i < FLOOD_KEYS; i++) {
            limiter.tryAcquire("sprayed-" + i);
        }

        assertThat(limiter.size()).isLessThanOrEqualTo(KEYS_MAX);
        assertThat(limiter.tryAcquire("attacker")).as("the drained bucket was not reset by the flood").isFalse();
        int left = 0;
        while (limiter.tryAcquire("busy-client")) {
            left++;
        }
        assertThat(left).as("the half-used bucket kept its level").isEqualTo((int) (BURST / 2));
    }

    @Test
    void idleBucketsThatRefilledAreForgottenToMakeRoom() {
        var clock = new DomainGraph.MutableClock();
        var limiter = new RateLimiter(PER_SECOND, BURST, clock, 1_000);
        for (int i = 0; i < 1_000; i++) {
            assertThat(limiter.tryAcquire("old-" + i)).isTrue();
        }
        clock.advance(Duration.ofSeconds(BURST / PER_SECOND + 1));

        for (int i = 0; i < 1_000; i++) {
            assertThat(limiter.tryAcquire("new-" + i)).as("new key %d gets a bucket of its own", i).isTrue();
        }
        for (int i = 0; i < BURST - 1; i++) {
            assertThat(limiter.tryAcquire("new-7")).isTrue();
        }

        assertThat(limiter.size()).isEqualTo(1_000);
        assertThat(limiter.tryAcquire("new-7")).as("its own burst is used up").isFalse();
    }

    @Test
    void newKeysAtCapacityShareOneOverflowBucket() {
        var clock = new DomainGraph.MutableClock();
        var limiter = new RateLimiter(PER_SECOND, BURST, clock, 10);
        for (int i = 0; i < 10; i++) {
            limiter.tryAcquire("held-" + i);
        }
        int admitted = 0;
        for (int i = 0; i < 1_000; i++) {
            if (limiter.tryAcquire("extra-" + i)) {
                admitted++;
            }
        }
        assertThat(admitted).as("one burst for all the new keys together").isEqualTo((int) BURST);
        assertThat(limiter.size()).isEqualTo(10);
    }
}
