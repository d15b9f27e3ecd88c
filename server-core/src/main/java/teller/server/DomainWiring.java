package teller.server;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.approval.ApprovalModule;
import teller.server.approval.ApprovalService;
import teller.server.approval.ApprovalSettings;
import teller.server.approval.DepositBatcher;
import teller.server.approval.OrderClaims;
import teller.server.config.ServerConfig;
import teller.server.db.Database;
import teller.server.db.JdbiTransactor;
import teller.server.db.PgApprovalFacts;
import teller.server.db.PgApprovalPolicyStore;
import teller.server.db.PgApprovalStore;
import teller.server.db.PgAuditLog;
import teller.server.db.PgClaimStore;
import teller.server.db.PgFraudStore;
import teller.server.db.PgLedger;
import teller.server.db.PgOrderStore;
import teller.server.db.PgOutbox;
import teller.server.db.PgPlayerStore;
import teller.server.db.PgProofForwards;
import teller.server.db.PgRiskStore;
import teller.server.ledger.LedgerQueries;
import teller.server.orders.IntakeScreen;
import teller.server.orders.OrderIntakeService;
import teller.server.orders.OrderQueries;
import teller.server.players.PlayerService;
import teller.server.proof.FileProofSpool;
import teller.server.proof.ProofIntake;
import teller.server.proof.ProofSettings;
import teller.server.provider.ExecutionProvider;
import teller.server.provider.ProviderKind;
import teller.server.risk.FraudService;
import teller.server.risk.RiskService;

/**
 * The domain of one server-core (players, intake with its limit and fraud screens, the approval
 * path with its rules, claims and deposit batcher, the execution pool, the ledger's queries) over
 * one database, built in one place. {@link ServerCore} builds everything else on top of it; tests
 * that need the domain without HTTP build it through the same method, so what they prove holds for
 * the product (decision 0060).
 */
public final class DomainWiring implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DomainWiring.class);
    private static final int EXECUTION_QUEUE_CAPACITY = 1_000;
    /** Longest reason or note an operator may write with a decision. */
    private static final int REASON_LENGTH_MAX = 500;

    public final JdbiTransactor tx;
    public final PgLedger ledger;
    public final PgAuditLog auditLog;
    public final PgOutbox outbox;
    public final PgPlayerStore playerStore;
    public final PgOrderStore orderStore;
    public final PgApprovalPolicyStore approvalPolicyStore;
    public final PgProofForwards proofForwards;
    public final FileProofSpool proofSpool;
    public final ProofSettings proofSettings;
    public final RiskService risk;
    public final FraudService fraud;
    public final PlayerService players;
    public final OrderIntakeService intake;
    public final ApprovalService approvals;
    public final OrderClaims claims;
    public final DepositBatcher deposits;
    public final OrderQueries orders;
    public final LedgerQueries ledgerQueries;
    private final List<AutoCloseable> resources = new ArrayList<>();

    private DomainWiring(ServerConfig config, Database database, Clock clock,
                         Map<ProviderKind, ExecutionProvider> providers) {
        this.tx = new JdbiTransactor(database.jdbi());
        this.ledger = new PgLedger(tx);
        this.auditLog = new PgAuditLog(tx);
        this.outbox = new PgOutbox(tx);
        this.playerStore = new PgPlayerStore(tx);
        this.orderStore = new PgOrderStore(tx);
        this.approvalPolicyStore = new PgApprovalPolicyStore(tx);
        var riskStore = new PgRiskStore(tx);
        this.risk = new RiskService(tx, riskStore, playerStore, auditLog, outbox, clock, config.risk());
        this.fraud = new FraudService(tx, new PgFraudStore(tx), auditLog, outbox, clock, config.fraud());
        // Intake: limits and compliance first (self-exclusion refuses), then the fraud rules.
        IntakeScreen intakeScreen = (created, player) -> {
            risk.screen(created, player);
            fraud.screen(created, player);
        };
        this.proofSettings = new ProofSettings(config.proofSizeMaxBytes(), config.proofPixelsMax(), config.proofRetention(),
                ProofSettings.defaults().orphanGrace(), ProofSettings.defaults().sweepInterval());
        this.proofSpool = new FileProofSpool(config.dataDirectory());
        this.proofForwards = new PgProofForwards(tx);

        var executions = new ThreadPoolExecutor(config.executionThreads(), config.executionThreads(), 60,
                TimeUnit.SECONDS, new ArrayBlockingQueue<>(EXECUTION_QUEUE_CAPACITY), runnable -> {
                    Thread thread = new Thread(runnable, "provider-execution");
                    thread.setDaemon(true);
                    return thread;
                });
        resources.add(executions::shutdownNow);
        var approvalStore = new PgApprovalStore(tx);
        var approval = new ApprovalModule(tx,
                new ApprovalModule.Stores(orderStore, approvalStore, new PgApprovalFacts(tx), approvalPolicyStore,
                        new PgClaimStore(tx), riskStore, ledger, auditLog, outbox),
                providers, executions, clock,
                new ApprovalModule.Settings(new ApprovalSettings(config.executionLease(), config.approveWait(),
                        REASON_LENGTH_MAX, config.approvalWaitMax()), config.claims(), config.risk(), config.approvalBatchSizeMax(),
                        config.approvalBatchFlushers(), config.approvalQueueCapacity()));
        resources.add(approval);
        this.approvals = approval.service();
        this.claims = approval.claims();
        this.deposits = approval.deposits();
        this.players = new PlayerService(tx, playerStore, ledger, auditLog);
        this.intake = new OrderIntakeService(tx, orderStore, playerStore, auditLog, outbox,
                new ProofIntake(proofSpool, proofForwards, outbox, clock, proofSettings), intakeScreen);
        this.orders = new OrderQueries(tx, orderStore, ledger, clock, auditLog);
        this.ledgerQueries = new LedgerQueries(tx, ledger);
    }

    /** The domain over {@code database} (migrated), with the providers and the clock given. */
    public static DomainWiring build(ServerConfig config, Database database, Clock clock,
                                     Map<ProviderKind, ExecutionProvider> providers) {
        return new DomainWiring(config, database, clock, providers);
    }

    /** Stops the deposit batcher (after it has flushed what it holds) and the execution pool. */
    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                log.warn("error while stopping the domain", e);
            }
        }
        resources.clear();
    }
}
