package teller.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.common.Actor;
import teller.server.db.PgLoginFailures;
import teller.server.db.PgOperatorStore;
import teller.server.db.PgSessionStore;
import teller.server.support.DomainGraph;

/**
 * Every request of a busy client carries the same token, so when its session-cache entry runs out
 * the concurrent requests miss together. They must share one read of the session and one recorded
 * use (a durable UPDATE of the one sessions row), not do one each and queue on that row's lock
 * (decision 0210). The clock is the test's; nothing sleeps.
 */
class SessionRefreshSingleFlightTest {
    private static final int REQUESTS = 8;
    private static final Duration CACHE_TTL = Duration.ofSeconds(5);
    private static final Duration WAIT_MAX = Duration.ofSeconds(30);

    private static DomainGraph graph;

    @BeforeAll
    static void start() {
        graph = new DomainGraph(Map.of());
    }

    @AfterAll
    static void stop() {
        graph.close();
    }

    /** The real store, counting reads and touches; a read waits for {@code release} while held. */
    static final class CountingSessions implements SessionStore {
        final SessionStore real;
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger touches = new AtomicInteger();
        volatile CountDownLatch release;

        CountingSessions(SessionStore real) {
            this.real = real;
        }

        @Override
        public void insert(String tokenHash, long operatorId, Instant createdAt, Instant expiresAt, String origin) {
            real.insert(tokenHash, operatorId, createdAt, expiresAt, origin);
        }

        @Override
        public Optional<Session> findLive(String tokenHash, Instant now, Instant idleCutoff) {
            reads.incrementAndGet();
            CountDownLatch held = release;
            if (held != null) {
                try {
                    assertThat(held.await(WAIT_MAX.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return real.findLive(tokenHash, now, idleCutoff);
        }

        @Override
        public void revoke(String tokenHash, Instant at) {
            real.revoke(tokenHash, at);
        }

        @Override
        public int revokeAllOf(long operatorId, Instant at) {
            return real.revokeAllOf(operatorId, at);
        }

        @Override
        public void touch(String tokenHash, Instant at) {
            touches.incrementAndGet();
            real.touch(tokenHash, at);
        }
    }

    @Test
    void concurrentRequestsOnAnExpiredCacheEntryReadTheSessionOnceAndRecordItsUseOnce() throws Exception {
        CountingSessions sessions = new CountingSessions(new PgSessionStore(graph.tx));
        AuthService auth = new AuthService(graph.tx, new PgOperatorStore(graph.tx), sessions,
                new PgLoginFailures(graph.tx), graph.auditLog, new PasswordHasher(), graph.clock,
                new AuthSettings(Duration.ofHours(12), Duration.ofMinutes(15), CACHE_TTL, 10, Duration.ofMinutes(30)));
        auth.createOperator("single.flight", "a-long-enough-password", Set.of(Role.APPROVER), Actor.system("test"));
        String token = auth.login("single.flight", "a-long-enough-password", "127.0.0.1").token();
        assertThat(auth.authenticate(token)).isPresent();
        assertThat(sessions.reads.get()).isEqualTo(1);
        assertThat(sessions.touches.get()).isEqualTo(1);

        graph.clock.advance(CACHE_TTL.plusSeconds(1));
        Instant refreshedAt = graph.clock.instant();
        sessions.reads.set(0);
        sessions.touches.set(0);
        CountDownLatch release = new CountDownLatch(1);
        sessions.release = release;
        List<Thread> requests = new ArrayList<>();
        AtomicInteger authenticated = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < REQUESTS; i++) {
            Thread request = new Thread(() -> {
                try {
                    if (auth.authenticate(token).isPresent()) {
                        authenticated.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "request-" + i);
            requests.add(request);
            request.start();
        }
        try {
            // Every request has missed and is parked: on the read held open, or waiting for its answer.
            long deadline = System.nanoTime() + WAIT_MAX.toNanos();
            while (!(sessions.reads.get() >= 1 && requests.stream().allMatch(t -> t.getState() == Thread.State.WAITING
                    || t.getState() == Thread.State.TIMED_WAITING)) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(sessions.reads.get()).as("reads started while the entry was being refreshed").isEqualTo(1);
        } finally {
            release.countDown();
        }
        for (Thread request : requests) {
            request.join(WAIT_MAX.toMillis());
        }
        sessions.release = null;

        assertThat(failure.get()).isNull();
        assertThat(authenticated.get()).isEqualTo(REQUESTS);
        assertThat(sessions.reads.get()).as("reads of the session").isEqualTo(1);
        assertThat(sessions.touches.get()).as("UPDATEs of sessions.last_seen_at").isEqualTo(1);
        Instant lastSeen = graph.jdbi().withHandle(h -> h.createQuery(
                        "SELECT last_seen_at FROM sessions WHERE token_hash = :hash")
                .bind("hash", teller.server.common.Sha256.hex(token)).mapTo(java.time.OffsetDateTime.class).one())
                .toInstant();
        // The one UPDATE wrote the refreshing request's time (PostgreSQL keeps microseconds, rounded).
        assertThat(lastSeen).isCloseTo(refreshedAt, org.assertj.core.api.Assertions.within(1,
                java.time.temporal.ChronoUnit.MICROS));
    }
}
