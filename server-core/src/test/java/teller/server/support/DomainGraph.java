package teller.server.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;
import teller.server.approval.ApprovalService;
import teller.server.approval.ApprovalSettings;
import teller.server.approval.DepositBatcher;
import teller.server.common.Actor;
import teller.server.common.ActorType;
import teller.server.db.Database;
import teller.server.db.JdbiTransactor;
import teller.server.db.PgApprovalStore;
import teller.server.db.PgAuditLog;
import teller.server.db.PgLedger;
import teller.server.db.PgOrderStore;
import teller.server.db.PgOutbox;
import teller.server.db.PgPlayerStore;
import teller.server.db.PgProofForwards;
import teller.server.db.PgRiskStore;
import teller.server.proof.FileProofSpool;
import teller.server.proof.ProofIntake;
import teller.server.proof.ProofSettings;
import teller.server.risk.RiskService;
import teller.server.risk.RiskSettings;
import teller.server.ledger.LedgerQueries;
import teller.server.orders.IntakeRequest;
import teller.server.orders.Order;
import teller.server.orders.OrderIntakeService;
import teller.server.orders.OrderQueries;
import teller.server.players.PlayerService;
import teller.server.provider.ExecutionProvider;
import teller.server.provider.ProviderKind;

/**
 * The real approval graph (services, PostgreSQL stores, deposit batcher, execution pool) over a
 * fresh database, without HTTP, with providers and a clock chosen by the test. It is wired the
 * way {@code ServerCore} wires it, so what the tests prove holds for the product.
 */
public final class DomainGraph implements AutoCloseable {
    public static final Duration EXECUTION_LEASE = Duration.ofMinutes(2);
    private static final int POOL_SIZE_MAX = 24;
    private static final int EXECUTION_THREADS = 8;

    public final String jdbcUrl;
    public final Database database;
    public final JdbiTransactor tx;
    public final PgLedger ledgerStore;
    public final PgAuditLog auditLog;
    public final PlayerService players;
    public final OrderIntakeService intake;
    public final OrderQueries orders;
    public final ApprovalService approvals;
    public final RiskService risk;
    public final java.nio.file.Path dataDirectory;
    public final LedgerQueries ledger;
    public final MutableClock clock;
    private final DepositBatcher batcher;
    private final ThreadPoolExecutor executions;

    /** A clock the test moves forward by hand (to make execution leases expire). */
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
        this.jdbcUrl = TestPostgres.freshDatabase();
        this.database = new Database(jdbcUrl, null, null, POOL_SIZE_MAX);
        this.tx = new JdbiTransactor(database.jdbi());
        this.ledgerStore = new PgLedger(tx);
        this.auditLog = new PgAuditLog(tx);
        var outbox = new PgOutbox(tx);
        var playerStore = new PgPlayerStore(tx);
        var orderStore = new PgOrderStore(tx);
        var approvalStore = new PgApprovalStore(tx);
        this.clock = new MutableClock();
        this.risk = new RiskService(tx, new PgRiskStore(tx), playerStore, auditLog, outbox, clock, riskSettings);
        this.batcher = new DepositBatcher(tx, approvalStore, risk, 64, 2, 1_000);
        this.executions = new ThreadPoolExecutor(EXECUTION_THREADS, EXECUTION_THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1_000));
        this.players = new PlayerService(tx, playerStore, ledgerStore, auditLog);
        try {
            this.dataDirectory = java.nio.file.Files.createTempDirectory("teller-graph-data");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        var proofForwards = new PgProofForwards(tx);
        this.intake = new OrderIntakeService(tx, orderStore, playerStore, auditLog, outbox,
                new ProofIntake(new FileProofSpool(dataDirectory), proofForwards, outbox, clock, ProofSettings.defaults()),
                risk);
        this.orders = new OrderQueries(tx, orderStore, ledgerStore);
        this.approvals = new ApprovalService(tx, orderStore, approvalStore, playerStore, ledgerStore, auditLog, outbox,
                providers, batcher, executions, clock, new ApprovalSettings(EXECUTION_LEASE, approveWait, 500), risk,
                new teller.server.db.PgApprovalPolicyStore(tx));
        this.ledger = new LedgerQueries(tx, ledgerStore);
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
        batcher.close();
        executions.shutdownNow();
        database.close();
        TestPostgres.deleteRecursively(dataDirectory);
    }
}
