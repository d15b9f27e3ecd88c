package teller.server.workers;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import teller.server.db.Database;
import teller.server.db.PgLeaderLocks;
import teller.server.support.TestPostgres;

/**
 * Issue 17: a worker iteration that did work logs one INFO line (worker, items, duration,
 * correlation id), an idle one a DEBUG line, and every line the iteration causes carries the same
 * correlation id in the MDC. Checked with a Logback list appender.
 */
class WorkerIterationLogTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void eachIterationLogsOnceWithItsCorrelationIdOnEveryLineItCauses() {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger teller = (Logger) LoggerFactory.getLogger("teller");
        Level level = teller.getLevel();
        teller.setLevel(Level.DEBUG);
        teller.addAppender(logs);
        org.slf4j.Logger inside = LoggerFactory.getLogger("teller.server.test.Iteration");
        AtomicInteger runs = new AtomicInteger();
        try (var database = new Database(TestPostgres.freshDatabase(), null, null, 4);
             var workers = new Workers(new PgLeaderLocks(database), new SimpleMeterRegistry())) {
            workers.every("log-test", Duration.ofMillis(20), () -> {
                int run = runs.incrementAndGet();
                inside.info("inside run {}", run);
                return run % 2 == 1 ? 3 : 0; // odd runs do work, even ones are idle
            });
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (runs.get() < 4) {
                assertThat(System.nanoTime()).as("four iterations ran").isLessThan(deadline);
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
        } finally {
            teller.detachAppender(logs);
            teller.setLevel(level);
        }
        List<ILoggingEvent> events = List.copyOf(logs.list);
        List<ILoggingEvent> insides = events.stream().filter(e -> e.getLoggerName().endsWith("test.Iteration")).toList();
        List<ILoggingEvent> summaries = events.stream().filter(e -> e.getFormattedMessage().startsWith("worker log-test"))
                .toList();
        assertThat(insides).hasSizeGreaterThanOrEqualTo(4);
        for (ILoggingEvent line : insides.subList(0, 4)) {
            String id = line.getMDCPropertyMap().get(Workers.CORRELATION_ID);
            assertThat(id).as("the iteration's own lines carry its id").isNotBlank();
            int run = Integer.parseInt(line.getFormattedMessage().replace("inside run ", ""));
            // The summary of the same iteration: same id, INFO with items when it worked, DEBUG when idle.
            List<ILoggingEvent> same = summaries.stream().filter(s -> id.equals(s.getMDCPropertyMap().get(Workers.CORRELATION_ID)))
                    .toList();
            assertThat(same).as("one summary line for iteration %d", run).hasSize(1);
            ILoggingEvent summary = same.get(0);
            assertThat(summary.getFormattedMessage()).contains("correlationId=" + id);
            if (run % 2 == 1) {
                assertThat(summary.getLevel()).isEqualTo(Level.INFO);
                assertThat(summary.getFormattedMessage()).contains("handled 3 item(s) in").contains(" ms");
            } else {
                assertThat(summary.getLevel()).isEqualTo(Level.DEBUG);
                assertThat(summary.getFormattedMessage()).contains("idle");
            }
        }
        assertThat(insides.stream().limit(4).map(e -> e.getMDCPropertyMap().get(Workers.CORRELATION_ID)).distinct())
                .as("each iteration its own id").hasSize(4);
    }
}
