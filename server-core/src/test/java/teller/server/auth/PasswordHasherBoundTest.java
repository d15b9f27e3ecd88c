package teller.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import teller.server.common.OverloadedException;

/** Argon2 is bounded (issue 15): as many hashes at once as allowed, a short queue, then SIGN_IN_BUSY. */
class PasswordHasherBoundTest {
    private static final int CALLERS = 8;

    @Test
    void beyondTheRunningHashesAndTheQueueASignInIsRefusedBusy() throws Exception {
        var hasher = new PasswordHasher(1, 1);
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        try {
            for (int i = 0; i < CALLERS; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        hasher.hash("a-password-to-hash");
                        return "hashed";
                    } catch (OverloadedException busy) {
                        return busy.code();
                    }
                }));
            }
            start.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> result : results) {
                outcomes.add(result.get());
            }

            assertThat(outcomes).contains("hashed", "SIGN_IN_BUSY").containsOnly("hashed", "SIGN_IN_BUSY");
            assertThat(outcomes.stream().filter("hashed"::equals).count()).as("one running and one queued at most "
                    + "while the others arrived, and all within the wait").isGreaterThanOrEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(hasher.verify("a-password-to-hash", hasher.hash("a-password-to-hash"))).as("free again").isTrue();
    }
}
