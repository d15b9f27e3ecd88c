package teller.server.config;

import static teller.server.common.EnvironmentValues.longOr;
import static teller.server.common.EnvironmentValues.orDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import teller.server.alerts.AlertSettings;
import teller.server.approval.ClaimSettings;
import teller.server.approval.ConfirmSettings;
import teller.server.auth.AuthSettings;
import teller.server.payments.PaymentWebhookSettings;
import teller.server.referrals.ReferralSettings;
import teller.server.events.EventStreamSettings;
import teller.server.provider.ProviderKind;
import teller.server.provider.ProviderSettings;
import teller.server.proof.ProofSettings;
import teller.server.risk.RiskSettings;
import teller.server.telegram.OpsNoticeSettings;
import teller.server.telegram.TelegramSettings;
import teller.server.risk.FraudSettings;

/**
 * Everything server-core can be told, read from the environment (names in API.md and README)
 * and overridden by command-line flags or, for the bundled desktop server and tests, by code.
 */
public record ServerConfig(
        String bindAddress,
        int port,
        Path dataDirectory,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        int databasePoolSizeMax,
        String adminUsername,
        String adminPassword,
        boolean demo,
        boolean sandboxProviders,
        ProviderSettings gameLoad,
        ProviderSettings payout,
        Duration executionLease,
        Duration approveWait,
        int approvalBatchSizeMax,
        int approvalBatchFlushers,
        int approvalQueueCapacity,
        int executionThreads,
        Duration recoveryInterval,
        Duration auditSealInterval,
        long proofSizeMaxBytes,
        int httpThreadsMax,
        long proofPixelsMax,
        Duration proofRetention,
        RiskSettings risk,
        AuthSettings auth,
        RateLimitSettings rateLimits,
        AlertSettings alerts,
        TlsSettings tls,
        PaymentWebhookSettings paymentWebhooks,
        ReferralSettings referrals,
        EventStreamSettings events,
        TelegramSettings telegram,
        OpsNoticeSettings opsNotices,
        FraudSettings fraud,
        ClaimSettings claims,
        boolean metricsPublic,
        Duration approvalWaitMax,
        Duration databaseLockTimeout,
        Duration databaseStatementTimeout,
        boolean autoRetryWhenProviderRecovers,
        ConfirmSettings confirm) {

    public static final int PORT_DEFAULT = 8080;

    public static ServerConfig fromEnvironment(Map<String, String> env) {
        Function<String, String> get = name -> {
            String value = env.get(name);
            return value == null || value.isBlank() ? null : value.trim();
        };
        Path dataDir = get.apply("TELLER_DATA_DIR") != null ? Path.of(get.apply("TELLER_DATA_DIR"))
                : Path.of(System.getProperty("user.home"), ".teller");
        return new ServerConfig(
                orDefault(get.apply("TELLER_BIND_ADDRESS"), "127.0.0.1"),
                (int) longOr(get.apply("TELLER_PORT"), PORT_DEFAULT),
                dataDir,
                get.apply("DATABASE_URL"),
                get.apply("DATABASE_USER"),
                get.apply("DATABASE_PASSWORD"),
                (int) longOr(get.apply("DATABASE_POOL_SIZE_MAX"), 24),
                "admin",
                get.apply("TELLER_ADMIN_PASSWORD"),
                false,
                Boolean.parseBoolean(get.apply("TELLER_SANDBOX_PROVIDERS")),
                ProviderSettings.fromEnvironment(ProviderKind.GAME_LOAD, get.apply("GAME_LOAD_API_URL"),
                        get.apply("GAME_LOAD_API_TOKEN"), get),
                ProviderSettings.fromEnvironment(ProviderKind.PAYOUT, get.apply("PAYOUT_API_URL"),
                        get.apply("PAYOUT_API_TOKEN"), get),
                Duration.ofSeconds(longOr(get.apply("EXECUTION_LEASE_SECONDS"), 120)),
                Duration.ofMillis(longOr(get.apply("APPROVE_WAIT_MS"), 5_000)),
                (int) longOr(get.apply("APPROVAL_BATCH_SIZE_MAX"), 64),
                (int) longOr(get.apply("APPROVAL_BATCH_FLUSHERS"), 2),
                (int) longOr(get.apply("APPROVAL_QUEUE_CAPACITY"), 10_000),
                (int) longOr(get.apply("EXECUTION_THREADS"), 16),
                Duration.ofSeconds(longOr(get.apply("RECOVERY_INTERVAL_SECONDS"), 5)),
                Duration.ofMillis(longOr(get.apply("AUDIT_SEAL_INTERVAL_MS"), 1_000)),
                longOr(get.apply("PROOF_SIZE_MAX_BYTES"), ProofSettings.SIZE_MAX_BYTES_DEFAULT),
                (int) longOr(get.apply("HTTP_THREADS_MAX"), 200),
                longOr(get.apply("PROOF_PIXELS_MAX"), ProofSettings.PIXELS_MAX_DEFAULT),
                Duration.ofHours(longOr(get.apply("PROOF_RETENTION_HOURS"), 72)),
                // Withdrawals need VERIFIED KYC unless this is explicitly switched off.
                RiskSettings.fromEnvironment(get, !"false".equalsIgnoreCase(get.apply("KYC_REQUIRED_FOR_WITHDRAWAL"))),
                AuthSettings.fromEnvironment(get),
                RateLimitSettings.fromEnvironment(get),
                AlertSettings.fromEnvironment(get),
                TlsSettings.fromEnvironment(get),
                PaymentWebhookSettings.fromEnvironment(env, get),
                ReferralSettings.fromEnvironment(get),
                EventStreamSettings.fromEnvironment(get),
                TelegramSettings.fromEnvironment(get),
                OpsNoticeSettings.fromEnvironment(get),
                FraudSettings.fromEnvironment(get),
                ClaimSettings.fromEnvironment(get),
                Boolean.parseBoolean(get.apply("METRICS_PUBLIC")),
                // Bounded waits (decision 0101): an approval never waits forever for its batch, a row
                // lock or a statement; past the bound it answers 503 BUSY with Retry-After.
                Duration.ofMillis(longOr(get.apply("APPROVAL_WAIT_MAX_MS"), 10_000)),
                Duration.ofMillis(longOr(get.apply("DATABASE_LOCK_TIMEOUT_MS"), 2_000)),
                Duration.ofMillis(longOr(get.apply("DATABASE_STATEMENT_TIMEOUT_MS"), 30_000)),
                // Off unless asked for: retrying on its own executes money movements nobody pressed (decision 0110).
                Boolean.parseBoolean(get.apply("AUTO_RETRY_WHEN_PROVIDER_RECOVERS")),
                // CONFIRM_ABOVE_AMOUNT (decision 0145): amounts the desktop confirms before approving.
                ConfirmSettings.fromEnvironment(get));
    }

    /**
     * For a command-line tool (verify, export, the report benchmark) whose one query may rightly run
     * for minutes over a big ledger: no statement timeout, the other bounds kept (decision 0101).
     */
    public ServerConfig withoutStatementTimeout() {
        return toBuilder().waits(approvalWaitMax, databaseLockTimeout, Duration.ZERO).build();
    }

    /** Whether GET /metrics is open to anyone: on a loopback address, or when METRICS_PUBLIC=true. */
    public boolean metricsOpen() {
        return metricsPublic || isLoopback(bindAddress);
    }

    public static boolean isLoopback(String address) {
        return address.equals("localhost") || address.equals("::1") || address.startsWith("127.");
    }

    /** The live event stream's EVENT_* variables, still read here rather than by {@link EventStreamSettings} (decision 0056). */
    public boolean embeddedDatabase() {
        return databaseUrl == null;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes a few settings of an existing configuration. */
    public static final class Builder {
        private String bindAddress;
        private int port;
        private Path dataDirectory;
        private String databaseUrl;
        private String databaseUser;
        private String databasePassword;
        private int databasePoolSizeMax;
        private String adminUsername;
        private String adminPassword;
        private boolean demo;
        private boolean sandboxProviders;
        private ProviderSettings gameLoad;
        private ProviderSettings payout;
        private Duration executionLease;
        private Duration approveWait;
        private int approvalBatchSizeMax;
        private int approvalBatchFlushers;
        private int approvalQueueCapacity;
        private int executionThreads;
        private Duration recoveryInterval;
        private Duration auditSealInterval;
        private long proofSizeMaxBytes;
        private int httpThreadsMax;
        private long proofPixelsMax;
        private Duration proofRetention;
        private RiskSettings risk;
        private AuthSettings auth;
        private RateLimitSettings rateLimits;
        private AlertSettings alerts;
        private TlsSettings tls;
        private PaymentWebhookSettings paymentWebhooks;
        private ReferralSettings referrals;
        private EventStreamSettings events;
        private TelegramSettings telegram;
        private OpsNoticeSettings opsNotices = OpsNoticeSettings.defaults();
        private FraudSettings fraud;
        private ClaimSettings claims;
        private boolean metricsPublic;
        private Duration approvalWaitMax;
        private Duration databaseLockTimeout;
        private Duration databaseStatementTimeout;
        private boolean autoRetryWhenProviderRecovers;
        private ConfirmSettings confirm = ConfirmSettings.none();

        private Builder(ServerConfig c) {
            bindAddress = c.bindAddress;
            port = c.port;
            dataDirectory = c.dataDirectory;
            databaseUrl = c.databaseUrl;
            databaseUser = c.databaseUser;
            databasePassword = c.databasePassword;
            databasePoolSizeMax = c.databasePoolSizeMax;
            adminUsername = c.adminUsername;
            adminPassword = c.adminPassword;
            demo = c.demo;
            sandboxProviders = c.sandboxProviders;
            gameLoad = c.gameLoad;
            payout = c.payout;
            executionLease = c.executionLease;
            approveWait = c.approveWait;
            approvalBatchSizeMax = c.approvalBatchSizeMax;
            approvalBatchFlushers = c.approvalBatchFlushers;
            approvalQueueCapacity = c.approvalQueueCapacity;
            executionThreads = c.executionThreads;
            recoveryInterval = c.recoveryInterval;
            auditSealInterval = c.auditSealInterval;
            proofSizeMaxBytes = c.proofSizeMaxBytes;
            httpThreadsMax = c.httpThreadsMax;
            proofPixelsMax = c.proofPixelsMax;
            proofRetention = c.proofRetention;
            risk = c.risk;
            auth = c.auth;
            rateLimits = c.rateLimits;
            alerts = c.alerts;
            tls = c.tls;
            paymentWebhooks = c.paymentWebhooks;
            referrals = c.referrals;
            events = c.events;
            telegram = c.telegram;
            opsNotices = c.opsNotices;
            fraud = c.fraud;
            claims = c.claims;
            metricsPublic = c.metricsPublic;
            approvalWaitMax = c.approvalWaitMax;
            databaseLockTimeout = c.databaseLockTimeout;
            databaseStatementTimeout = c.databaseStatementTimeout;
            autoRetryWhenProviderRecovers = c.autoRetryWhenProviderRecovers;
            confirm = c.confirm;
        }

        /** CONFIRM_ABOVE_AMOUNT (decision 0145). */
        public Builder confirm(ConfirmSettings value) {
            confirm = value;
            return this;
        }

        /** AUTO_RETRY_WHEN_PROVIDER_RECOVERS (decision 0110). */
        public Builder autoRetryWhenProviderRecovers(boolean value) {
            autoRetryWhenProviderRecovers = value;
            return this;
        }

        public Builder metricsPublic(boolean value) {
            metricsPublic = value;
            return this;
        }

        public Builder proof(long sizeMaxBytes, long pixelsMax, Duration retention) {
            proofSizeMaxBytes = sizeMaxBytes;
            proofPixelsMax = pixelsMax;
            proofRetention = retention;
            return this;
        }

        public Builder risk(RiskSettings value) {
            risk = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder dataDirectory(Path value) {
            dataDirectory = value;
            return this;
        }

        public Builder database(String url, String user, String password) {
            databaseUrl = url;
            databaseUser = user;
            databasePassword = password;
            return this;
        }

        public Builder databasePoolSizeMax(int value) {
            databasePoolSizeMax = value;
            return this;
        }

        public Builder adminPassword(String value) {
            adminPassword = value;
            return this;
        }

        public Builder demo(boolean value) {
            demo = value;
            return this;
        }

        public Builder sandboxProviders(boolean value) {
            sandboxProviders = value;
            return this;
        }

        public Builder providers(ProviderSettings gameLoadSettings, ProviderSettings payoutSettings) {
            gameLoad = gameLoadSettings;
            payout = payoutSettings;
            return this;
        }

        public Builder execution(Duration lease, Duration wait, Duration recovery) {
            executionLease = lease;
            approveWait = wait;
            recoveryInterval = recovery;
            return this;
        }

        public Builder executionThreads(int value) {
            executionThreads = value;
            return this;
        }

        public Builder approvalBatching(int sizeMax, int flushers) {
            approvalBatchSizeMax = sizeMax;
            approvalBatchFlushers = flushers;
            return this;
        }

        public Builder httpThreadsMax(int value) {
            httpThreadsMax = value;
            return this;
        }

        public Builder auth(AuthSettings value) {
            auth = value;
            return this;
        }

        public Builder rateLimits(RateLimitSettings value) {
            rateLimits = value;
            return this;
        }

        public Builder alerts(AlertSettings value) {
            alerts = value;
            return this;
        }

        /** HTTPS from this keystore, or null for plain HTTP. */
        public Builder tls(TlsSettings value) {
            tls = value;
            return this;
        }

        public Builder paymentWebhooks(PaymentWebhookSettings value) {
            paymentWebhooks = value;
            return this;
        }

        public Builder referrals(ReferralSettings value) {
            referrals = value;
            return this;
        }

        public Builder events(EventStreamSettings value) {
            events = value;
            return this;
        }

        public Builder opsNotices(OpsNoticeSettings value) {
            opsNotices = value;
            return this;
        }

        public Builder telegram(TelegramSettings value) {
            telegram = value;
            return this;
        }

        public Builder fraud(FraudSettings value) {
            fraud = value;
            return this;
        }

        public Builder claims(ClaimSettings value) {
            claims = value;
            return this;
        }

        public Builder bindAddress(String value) {
            bindAddress = value;
            return this;
        }

        /** How long an approval waits for its batch, a row lock and a statement at most (decision 0101). */
        public Builder waits(Duration approvalWaitMaxValue, Duration lockTimeout, Duration statementTimeout) {
            approvalWaitMax = approvalWaitMaxValue;
            databaseLockTimeout = lockTimeout;
            databaseStatementTimeout = statementTimeout;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(bindAddress, port, dataDirectory, databaseUrl, databaseUser, databasePassword,
                    databasePoolSizeMax, adminUsername, adminPassword, demo, sandboxProviders, gameLoad, payout,
                    executionLease, approveWait, approvalBatchSizeMax, approvalBatchFlushers, approvalQueueCapacity,
                    executionThreads, recoveryInterval, auditSealInterval, proofSizeMaxBytes, httpThreadsMax,
                    proofPixelsMax, proofRetention, risk, auth, rateLimits, alerts, tls, paymentWebhooks, referrals,
                    events, telegram, opsNotices, fraud, claims, metricsPublic, approvalWaitMax, databaseLockTimeout,
                    databaseStatementTimeout, autoRetryWhenProviderRecovers, confirm);
        }
    }
}
