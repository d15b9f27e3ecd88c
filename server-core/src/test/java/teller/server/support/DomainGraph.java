package teller.server.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;
import teller.server.DomainWiring;
import teller.server.approval.ApprovalService;
import teller.server.approval.OrderClaims;
import teller.server.common.Actor;
import teller.server.common.ActorType;
import teller.server.config.ServerConfig;
import teller.server.db.Database;
import teller.server.db.JdbiTransactor;
import teller.server.db.PgAuditLog;
import teller.server.db.PgLedger;
import teller.server.ledger.LedgerQueries;
import teller.server.orders.IntakeRequest;
import teller.server.orders.Order;
import teller.server.orders.OrderIntakeService;
import teller.server.orders.OrderQueries;
import teller.server.players.PlayerService;
import teller.server.provider.ExecutionProvider;
import teller.server.provider.ProviderKind;
import teller.server.risk.FraudService;
import teller.server.risk.RiskService;
import teller.server.risk.RiskSettings;

/**
 * The product's domain ({@link DomainWiring}, exactly as {@code ServerCore} builds it) over a fresh
 * database, without HTTP, with providers and a clock chosen by the test, and the settings every
 * HTTP test's server has ({@link TestServer#config()}). What the tests prove holds for the product.
 */
public final class DomainGraph implements AutoCloseable {
    public static final Duration EXECUTION_LEASE = Duration.ofMinutes(2);
    private static final int POOL_SIZE_MAX = 24;
    private static final int EXECUTION_THREADS = 8;
    private static final int BATCH_SIZE_MAX = 64;
    private static final int BATCH_FLUSHERS = 2;

    public final String jdbcUrl;
    public final Database database;
    public final JdbiTransactor tx;
    public final PgLedger ledgerStore;
    public final PgAuditLog auditLog;
    public final PlayerService players;
    public final OrderIntakeService intake;
    public final OrderQueries orders;
    public final ApprovalService approvals;
    public final OrderClaims claims;
    public final teller.server.approval.DepositBatcher deposits;
    public final RiskService risk;
    public final FraudService fraud;
    public final java.nio.file.Path dataDirectory;
    public final LedgerQueries ledger;
    public final MutableClock clock;
    public final ServerConfig config;
    private final DomainWiring domain;

    /** A clock the test moves forward by hand (to make execution leases and claims expire). */
    public static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

        public void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    public DomainGraph(Map<ProviderKind, ExecutionProvider> providers) {
        this(providers, Duration.ofSeconds(20));
    }

    public DomainGraph(Map<ProviderKind, ExecutionProvider> providers, Duration approveWait) {
        this(providers, approveWait, RiskSettings.none());
    }

    /** With limits and compliance as {@code riskSettings} say (the other constructors set none). */
    public DomainGraph(Map<ProviderKind, ExecutionProvider> providers, Duration approveWait, RiskSettings riskSettings) {
        ServerConfig base = TestServer.config();
        this.config = base.toBuilder()
                .risk(riskSettings)
                .execution(EXECUTION_LEASE, approveWait, base.recoveryInterval())
                .executionThreads(EXECUTION_THREADS)
                .approvalBatching(BATCH_SIZE_MAX, BATCH_FLUSHERS)
                .build();
        this.jdbcUrl = config.databaseUrl();
        this.dataDirectory = config.dataDirectory();
        this.database = new Database(jdbcUrl, null, null, POOL_SIZE_MAX);
        this.clock = new MutableClock();
        this.domain = DomainWiring.build(config, database, clock, providers);
        this.tx = domain.tx;
        this.ledgerStore = domain.ledger;
        this.auditLog = domain.auditLog;
        this.players = domain.players;
        this.intake = domain.intake;
        this.orders = domain.orders;
        this.approvals = domain.approvals;
        this.claims = domain.claims;
        this.deposits = domain.deposits;
        this.risk = domain.risk;
        this.fraud = domain.fraud;
        this.ledger = domain.ledgerQueries;
    }

    /** Raw SQL access for assertions and for tampering as the database superuser. */
    public Jdbi jdbi() {
        return database.jdbi();
    }

    public static Actor operator(String id) {
        return new Actor(ActorType.OPERATOR, id, "operator-" + id, "127.0.0.1");
    }

    public static Actor integration() {
        return new Actor(ActorType.INTEGRATION, "portal", "portal", "127.0.0.1");
    }

    public void player(String id, String currency) {
        players.register(id, "user-" + id, currency, Actor.system("test"));
    }

    public Order submit(String type, String playerId, long amount, String gameName, String key) {
        return intake.submit(new IntakeRequest(type, playerId, amount, "USD", gameName, null, "API", null, null), key,
                integration()).order();
    }

    /** Credits a player's wallet through a real, approved deposit. */
    public void fund(String playerId, long amount) {
        Order deposit = submit("DEPOSIT", playerId, amount, null, null);
        approvals.approve(deposit.id(), operator("funder"), "funding for the test");
    }

    public long count(String sql, Object... args) {
        return jdbi().withHandle(h -> {
            var query = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                query.bind(i, args[i]);
            }
            return query.mapTo(Long.class).one();
        });
    }

    @Override
    public void close() {
        domain.close();
        database.close();
        TestPostgres.deleteRecursively(dataDirectory);
    }
}
