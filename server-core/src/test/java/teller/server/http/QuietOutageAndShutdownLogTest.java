package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.server.support.ExecutionFixture;
import teller.server.support.TcpProxy;
import teller.server.support.TestPostgres;
import teller.server.support.TestServer;

/**
 * What the log says when the database goes away and when the server stops (issue 15): one line
 * when an outage starts and one when it ends, not a stack trace per request or per worker tick; and
 * a shutdown that stops in order without a stack trace.
 */
class QuietOutageAndShutdownLogTest {
    private static final int REQUESTS_DURING_OUTAGE = 3;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void capture() {
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void release() {
        root.detachAppender(appender);
    }

    @Test
    void aDatabaseThatGoesAwayIsOneLineNotAStackPerRequestAndTheStopIsQuiet() throws Exception {
        String url = TestPostgres.freshDatabase();
        int port = Integer.parseInt(url.replaceFirst("^jdbc:postgresql://[^:/]+:(\\d+)/.*$", "$1"));
        try (TcpProxy proxy = TcpProxy.to(port)) {
            String proxied = url.replaceFirst(":" + port + "/", ":" + proxy.port() + "/");
            ServerCore server = TestServer.start(b -> b.database(proxied, null, null));
            try {
                ApiClient admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
                assertThat(admin.post("/api/v1/players", Map.of("id", "p1", "username", "p1", "currency", "USD"))
                        .status()).isEqualTo(201);
                int before = appender.list.size();

                proxy.cut();
                for (int i = 0; i < REQUESTS_DURING_OUTAGE; i++) {
                    var reply = admin.get("/api/v1/orders?limit=1");
                    assertThat(reply.status()).as(reply.text()).isEqualTo(503);
                }
                ApiClient anonymous = new ApiClient(server.baseUrl());
                assertThat(anonymous.get("/health/ready").status()).isEqualTo(503);
                proxy.restore();
                ExecutionFixture.await(Duration.ofSeconds(60), "ready again",
                        () -> anonymous.get("/health/ready").status() == 200);
                assertThat(admin.get("/api/v1/orders?limit=1").status()).isEqualTo(200);
                // Whoever notices first logs the end, which may come just after readiness answers 200.
                ExecutionFixture.await(Duration.ofSeconds(30), "the outage's end to be logged",
                        () -> logged(before).stream().anyMatch(e -> e.getFormattedMessage().contains("database is reachable again")));

                List<ILoggingEvent> outage = logged(before);
                assertThat(outage).filteredOn(e -> e.getThrowableProxy() != null)
                        .as("no stack trace for an outage:%n%s", describe(outage)).isEmpty();
                assertThat(outage).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                        .as("one line when it starts:%n%s", describe(outage)).hasSize(1);
                assertThat(outage).filteredOn(e -> e.getFormattedMessage().contains("database is reachable again"))
                        .as("one line when it ends:%n%s", describe(outage)).hasSize(1);
            } finally {
                int beforeStop = appender.list.size();
                server.close();
                List<ILoggingEvent> stop = List.copyOf(appender.list.subList(beforeStop, appender.list.size()));
                assertThat(stop).filteredOn(e -> e.getThrowableProxy() != null || e.getLevel().isGreaterOrEqual(Level.WARN))
                        .as("a quiet stop:%n%s", describe(stop)).isEmpty();
            }
        }
    }

    /** What was logged from index {@code from} on (the appender adds under its own lock). */
    private List<ILoggingEvent> logged(int from) {
        synchronized (appender) {
            return List.copyOf(appender.list.subList(from, appender.list.size()));
        }
    }

    static String describe(List<ILoggingEvent> events) {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent e : events) {
            text.append(e.getLevel()).append(' ').append(e.getLoggerName()).append(": ").append(e.getFormattedMessage());
            if (e.getThrowableProxy() != null) {
                text.append(" [").append(e.getThrowableProxy().getClassName()).append(": ")
                        .append(e.getThrowableProxy().getMessage()).append(']');
            }
            text.append('\n');
        }
        return text.toString();
    }
}
