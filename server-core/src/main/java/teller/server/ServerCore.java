package teller.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.alerts.DashboardService;
import teller.server.alerts.ErrorCodes;
import teller.server.approval.ApprovalPolicyService;
import teller.server.approval.ApprovalService;
import teller.server.approval.OrderClaims;
import teller.server.audit.AuditQueries;
import teller.server.auth.ApiTokenService;
import teller.server.auth.AuthService;
import teller.server.auth.PasswordHasher;
import teller.server.config.ServerConfig;
import teller.server.db.Database;
import teller.server.db.DatabaseRuntime;
import teller.server.db.JdbiTransactor;
import teller.server.db.PgApiTokenStore;
import teller.server.db.PgAuditLog;
import teller.server.db.PgDashboardStore;
import teller.server.db.PgClaimOwners;
import teller.server.db.PgIdempotencyRecords;
import teller.server.db.PgLedger;
import teller.server.db.PgLoginFailures;
import teller.server.db.PgOperatorStore;
import teller.server.db.PgOutboxFeed;
import teller.server.db.PgLeaderLocks;
import teller.server.db.PgReportStore;
import teller.server.db.PgSessionStore;
import teller.server.db.PgPaymentDeliveries;
import teller.server.db.PgReferralStore;
import teller.server.payments.PaymentWebhookService;
import teller.server.referrals.ReferralService;
import teller.server.demo.DemoSeeder;
import teller.server.events.LiveEvents;
import teller.server.events.OutboxRelay;
import teller.server.http.ApiServer;
import teller.server.http.HttpApi;
import teller.server.http.Json;
import teller.server.http.TlsConnector;
import teller.server.ledger.LedgerQueries;
import teller.server.orders.OrderIntakeService;
import teller.server.orders.OrderQueries;
import teller.server.players.PlayerService;
import teller.server.risk.RiskService;
import teller.server.risk.FraudService;
import teller.server.proof.ProofOfOrder;
import teller.server.proof.ProofQueries;
import teller.server.proof.ProofSpoolSweeper;
import teller.server.provider.ExecutionProvider;
import teller.server.provider.ProviderKind;
import teller.server.provider.ProviderMonitor;
import teller.server.provider.ProviderReport;
import teller.server.reports.ReportService;
import teller.server.workers.Workers;
import teller.server.db.PgTelegramUpdates;
import teller.server.proof.ProofForwardService;
import teller.server.telegram.ProofForwarder;
import teller.server.telegram.TelegramApprovals;

/**
 * One running server-core: builds the whole object graph in plain Java (the only place that does),
 * starts it, and stops it in reverse order. Used by {@code serve}, by the desktop's bundled local
 * server and by tests.
 */
public final class ServerCore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServerCore.class);
    public static final String VERSION = BuildInfo.VERSION;
    public static final String ADMIN_PASSWORD_FILE = "admin-password.txt";
    /** Reports lag the books by about this much (a few iterations settle the safe horizon, decision 0022). */
    private static final java.time.Duration REPORT_ROLLUP_INTERVAL = java.time.Duration.ofSeconds(1);
    private static final java.time.Duration OUTBOX_RELAY_INTERVAL = java.time.Duration.ofSeconds(1);
    /** How often the dashboard alerts are checked for turning on or off (operations notices). */
    private static final java.time.Duration ALERT_WATCH_INTERVAL = java.time.Duration.ofSeconds(15);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final ServerConfig config;
    private final Database database;
    private final OptionalInt embeddedDatabasePort;
    private final ApiServer http;
    private final Optional<String> generatedAdminPassword;
    private final Services services;
    private final Workers workers;
    private final ProviderMonitor providerMonitor;

    /** The services, for the CLI, demo data and tests. */
    public record Services(JdbiTransactor tx, AuthService auth, PlayerService players, OrderIntakeService intake,
                           OrderQueries orders, ApprovalService approvals, LedgerQueries ledger, AuditQueries audit,
                           PgAuditLog auditLog, Map<ProviderKind, ExecutionProvider> providers, RiskService risk,
                           ProofQueries proofs, ProofSpoolSweeper proofSweeper, ApprovalPolicyService approvalPolicy,
                           ApiTokenService apiTokens, ReportService reports, DashboardService dashboard,
                           PaymentWebhookService payments, ReferralService referrals, LiveEvents events,
                           ProofForwardService proofForwards, ProofForwarder proofForwarder,
                           TelegramApprovals telegram, FraudService fraud, OrderClaims claims) {
    }

    /** The exit status of {@code serve} when the embedded PostgreSQL stopped and could not be restarted. */
    public static final int EXIT_DATABASE_LOST = 3;

    private ServerCore(ServerConfig config, Clock clock, Consumer<String> databaseLost) throws IOException {
        this.config = config;
        // Before the database starts: a keystore that does not open stops the server at once.
        TlsConnector tls = config.tls() == null ? null : TlsConnector.open(config.tls());
        try {
            DatabaseRuntime runtime = DatabaseRuntime.open(config);
            resources.add(runtime);
            this.database = runtime.database();
            this.embeddedDatabasePort = runtime.embeddedPort();
            database.migrate();
            runtime.supervise(databaseLost);

            PrometheusMeterRegistry metrics = ServerMetrics.registry();
            resources.add(metrics::close);

            ObjectMapper json = Json.mapper();
            Map<ProviderKind, ExecutionProvider> providers = ProviderWiring.providers(config, json, metrics, resources::add);
            ProviderMonitor providerMonitor = new ProviderMonitor();
            this.providerMonitor = providerMonitor;
            for (ExecutionProvider provider : providers.values()) {
                providerMonitor.add(provider);
                provider.onBreakerTransition(() -> providerMonitor.changed(provider.kind().name()));
            }
            DomainWiring domain = DomainWiring.build(config, database, clock, providers);
            resources.add(domain);
            ServerMetrics.depositBatches(metrics, domain.deposits);
            JdbiTransactor tx = domain.tx;
            var ledger = domain.ledger;
            var auditLog = domain.auditLog;
            var outbox = domain.outbox;
            var playerStore = domain.playerStore;
            var orderStore = domain.orderStore;
            var risk = domain.risk;
            var fraud = domain.fraud;
            var proofSettings = domain.proofSettings;
            var proofSpool = domain.proofSpool;
            var proofForwards = domain.proofForwards;
            var proofSweeper = new ProofSpoolSweeper(tx, proofSpool, proofForwards, outbox, clock, proofSettings);

            var auth = new AuthService(tx, new PgOperatorStore(tx), new PgSessionStore(tx), new PgLoginFailures(tx), auditLog,
                    new PasswordHasher(), clock, config.auth());
            var intake = domain.intake;
            var approvals = domain.approvals;
            var auditQueries = new AuditQueries(tx, auditLog);
            var reports = new ReportService(tx, new PgReportStore(tx), ledger, clock);
            var dashboard = new DashboardService(tx, new PgDashboardStore(tx), clock, config.alerts(), providerMonitor::list);
            ServerMetrics.alerts(metrics, dashboard);
            ServerMetrics.providers(metrics, providerMonitor);
            var payments = new PaymentWebhookService(tx, new PgPaymentDeliveries(tx), playerStore, orderStore, intake,
                    approvals, auditLog, clock, config.paymentWebhooks(), fraud);
            var referrals = new ReferralService(tx, new PgReferralStore(tx), playerStore, ledger, auditLog,
                    config.referrals());
            var outboxFeed = new PgOutboxFeed(tx);
            var liveEvents = new LiveEvents(tx, outboxFeed, config.events());
            resources.add(liveEvents);
            var telegramBot = TelegramWiring.bot(config.telegram(), json, resources::add, metrics, providerMonitor);
            var proofForwarder = new ProofForwarder(tx, proofForwards, proofSpool, orderStore, risk,
                    TelegramWiring.fraudSummary(tx, orderStore, fraud), telegramBot, outbox, clock, config.telegram());
            var telegramApprovals = new TelegramApprovals(tx, new PgTelegramUpdates(tx), new PgOperatorStore(tx),
                    approvals, auditLog, telegramBot, clock, config.telegram());
            providerMonitor.add(payments::reports);
            providerMonitor.publishTo(report -> announce(tx, outbox, report));
            this.services = new Services(tx, auth, domain.players, intake, domain.orders, approvals, domain.ledgerQueries,
                    auditQueries, auditLog, providers, risk, new ProofQueries(tx, proofForwards, proofSpool,
                    id -> orderStore.find(id).map(o -> new ProofOfOrder.Recorded(o.proofSha256())), auditLog, clock), proofSweeper,
                    new ApprovalPolicyService(tx, domain.approvalPolicyStore, auditLog, config.confirm()),
                    new ApiTokenService(tx, new PgApiTokenStore(tx), auditLog, clock, config.auth().sessionCacheTtl()), reports,
                    dashboard, payments, referrals, liveEvents,
                    new ProofForwardService(tx, proofForwards, proofSpool, auditLog, outbox, clock, proofSettings),
                    proofForwarder, telegramApprovals, fraud, domain.claims);

            this.generatedAdminPassword = AdminBootstrap.ensureAdmin(auth, config);
            if (config.demo()) {
                new DemoSeeder(services).seedIfEmpty();
            }

            var workers = new Workers(new PgLeaderLocks(database), metrics);
            resources.add(workers);
            this.workers = workers;
            workers.every("execution-recovery", config.recoveryInterval(), approvals::recoverExpired);
            if (config.autoRetryWhenProviderRecovers()) {
                var autoRetry = new teller.server.approval.AutoRetry(tx, new teller.server.db.PgAutoRetryStore(tx), approvals,
                        providers, Map.of(ProviderKind.GAME_LOAD, config.gameLoad().attemptsMax(),
                                ProviderKind.PAYOUT, config.payout().attemptsMax()));
                resources.add(autoRetry);
                autoRetry.watch();
                log.info("AUTO_RETRY_WHEN_PROVIDER_RECOVERS: orders that failed while a provider was down are retried "
                        + "when its breaker recovers, while they have fewer than PROVIDER_ATTEMPTS_MAX attempts");
            }
            workers.every("claim-expiry", config.claims().sweepInterval(), domain.claims::expire);
            workers.every("proof-spool-sweep", proofSettings.sweepInterval(), proofSweeper::sweep);
            workers.every("audit-seal", config.auditSealInterval(), () -> auditLog.seal(PgAuditLog.SEAL_BATCH_MAX));
            workers.every("report-rollup", REPORT_ROLLUP_INTERVAL, reports::rollup);
            workers.every("referral-rewards", config.referrals().workerInterval(), () -> referrals.scan() + referrals.grant());
            // Operations notices to the operators' chat: the outbox relay's first real sink (issue 17).
            var opsNotices = new teller.server.telegram.OpsNotices(tx, new teller.server.db.PgOpsNotices(tx), telegramBot,
                    config.telegram().botToken() != null, clock, config.opsNotices());
            workers.every("outbox-relay", OUTBOX_RELAY_INTERVAL, new OutboxRelay(tx, outboxFeed, List.of(opsNotices))::relay);
            workers.every("ops-notices", config.opsNotices().interval(), opsNotices::sendDue);
            workers.every("alert-watch", ALERT_WATCH_INTERVAL,
                    new teller.server.alerts.AlertWatch(tx, dashboard, new PgDashboardStore(tx), outbox, clock)::check);
            liveEvents.start();
            ServerMetrics.liveEvents(metrics, liveEvents);
            workers.every("proof-forward", config.telegram().forwardInterval(), proofForwarder::forwardDue);
            workers.every("fraud-rescore", config.fraud().rescoreInterval(), fraud::rescore);

            var claimOwners = new PgClaimOwners(database);
            resources.add(claimOwners);
            BooleanSupplier databaseAvailable = runtime::databaseAvailable;
            this.http = new ApiServer(new HttpApi(services, new PgIdempotencyRecords(tx, claimOwners), json,
                    () -> databaseAvailable.getAsBoolean() && database.ready(),
                    metrics::scrape, providerMonitor::list,
                    config.metricsOpen()).routes(),
                    auth, json, metrics, config.httpThreadsMax(), VERSION, config.rateLimits(), clock,
                    services.apiTokens(), tls, databaseAvailable);
            var errorCodes = new ErrorCodes(tx, new PgDashboardStore(tx), clock);
            // Not while the database is known to be down: the write would only wait for it.
            http.onErrorCode(code -> {
                if (databaseAvailable.getAsBoolean()) {
                    errorCodes.seen(code);
                }
            });
            startListening(http, config);
            resources.add(http);
            log.info("server-core {} listening on {}://{}:{}", VERSION, http.scheme(), config.bindAddress(), http.port());
            if (tls == null && !isLoopback(config.bindAddress())) {
                log.warn("listening on {} without TLS: passwords and session tokens cross the network in clear text; "
                        + "set TLS_KEYSTORE and TLS_KEYSTORE_PASSWORD (see README)", config.bindAddress());
            }
            // Closed before the HTTP server stops, so that open event streams end instead of holding the stop up.
            resources.add(liveEvents);
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /**
     * Writes a provider's breaker transition to the outbox as {@code PROVIDER_STATE_CHANGED}, in a
     * transaction of its own (transitions happen on provider-call and breaker-timer threads, never
     * inside another transaction). With the database away the event is lost and said so: the
     * providers list still answers with the state.
     */
    private static void announce(JdbiTransactor tx, teller.server.events.Outbox outbox, ProviderReport report) {
        try {
            tx.run(() -> outbox.emit(teller.server.events.EventTypes.PROVIDER_STATE_CHANGED, "PROVIDER", report.id(),
                    report.view()));
        } catch (RuntimeException e) {
            log.warn("{} moved to {} but the event could not be written: {}", report.label(),
                    report.breaker() == null ? "?" : report.breaker().state(), e.toString());
        }
        log.info("{} circuit breaker is now {}", report.label(), report.breaker() == null ? "?" : report.breaker().state());
    }

    /** Every provider of this server and its state. */
    public ProviderMonitor providerMonitor() {
        return providerMonitor;
    }

    /** A port another program holds is the operator's to fix: one clear sentence, not Jetty's stack trace. */
    private static void startListening(ApiServer http, ServerConfig config) {
        try {
            http.start(config.bindAddress(), config.port());
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof java.net.BindException) {
                    throw new StartupException("cannot listen on " + config.bindAddress() + ":" + config.port() + " ("
                            + cause.getMessage() + "): another program uses that port; stop it, or choose another "
                            + "with --port or TELLER_PORT", e);
                }
            }
            throw e;
        }
    }

    public static ServerCore start(ServerConfig config) throws IOException {
        return start(config, Clock.systemUTC());
    }

    /**
     * With a clock chosen by the caller (tests move it forward to expire sessions and locks). If the
     * embedded PostgreSQL stops and cannot be restarted, the process exits with {@link #EXIT_DATABASE_LOST}.
     */
    public static ServerCore start(ServerConfig config, Clock clock) throws IOException {
        return start(config, clock, ServerCore::exitDatabaseLost);
    }

    /** {@code databaseLost} is told when the embedded PostgreSQL stopped and could not be restarted. */
    public static ServerCore start(ServerConfig config, Clock clock, Consumer<String> databaseLost) throws IOException {
        return new ServerCore(config, clock, databaseLost);
    }

    private static void exitDatabaseLost(String reason) {
        log.error("exiting with status {}: {}", EXIT_DATABASE_LOST, reason);
        // From a thread of its own: the shutdown hooks stop this server, supervisor included.
        new Thread(() -> System.exit(EXIT_DATABASE_LOST), "teller-exit").start();
    }

    public int port() {
        return http.port();
    }

    private static boolean isLoopback(String address) {
        return ServerConfig.isLoopback(address);
    }

    public String baseUrl() {
        return http.scheme() + "://" + ("0.0.0.0".equals(config.bindAddress()) ? "127.0.0.1" : config.bindAddress()) + ":" + port();
    }

    public Optional<String> generatedAdminPassword() {
        return generatedAdminPassword;
    }

    public Services services() {
        return services;
    }

    /** The background workers, and which of them this replica leads. */
    public Workers workers() {
        return workers;
    }

    public Database database() {
        return database;
    }

    /** Where the embedded PostgreSQL listens on 127.0.0.1, when no DATABASE_URL is configured (bench, diagnostics). */
    public OptionalInt embeddedDatabasePort() {
        return embeddedDatabasePort;
    }

    public ApiServer http() {
        return http;
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                log.warn("error while stopping", e);
            }
        }
        resources.clear();
    }
}
