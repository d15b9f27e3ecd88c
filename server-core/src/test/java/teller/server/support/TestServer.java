package teller.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.function.UnaryOperator;
import teller.server.ServerCore;
import teller.server.config.ServerConfig;

/** A real server-core on a random loopback port, over its own fresh database. */
public final class TestServer {
    public static final String ADMIN_PASSWORD = "admin-password-for-tests";

    private TestServer() {
    }

    /**
     * Tests of other features run without KYC gating, as most of their players never pass KYC; the
     * compliance tests switch it on with {@code builder.risk(...)}. The fraud rules are off for the
     * same reason (their data would trip them by accident and ask for supervisors); the fraud tests
     * switch them on with {@code builder.fraud(...)}.
     */
    public static ServerConfig config() {
        try {
            ServerConfig defaults = ServerConfig.fromEnvironment(java.util.Map.of());
            return defaults.toBuilder()
                    .risk(defaults.risk().withKycRequiredForWithdrawal(false))
                    .fraud(teller.server.risk.FraudSettings.off())
                    .port(0)
                    .dataDirectory(Files.createTempDirectory("teller-test-data"))
                    .database(TestPostgres.freshDatabase(), null, null)
                    .databasePoolSizeMax(12)
                    .adminPassword(ADMIN_PASSWORD)
                    .httpThreadsMax(64)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ServerCore start() {
        return start(UnaryOperator.identity());
    }

    public static ServerCore start(UnaryOperator<ServerConfig.Builder> customize) {
        return start(java.time.Clock.systemUTC(), customize);
    }

    /** With a clock the test controls (for example {@link DomainGraph.MutableClock}). */
    public static ServerCore start(java.time.Clock clock, UnaryOperator<ServerConfig.Builder> customize) {
        try {
            return ServerCore.start(customize.apply(config().toBuilder()).build(), clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
