package teller.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.sql.DataSource;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.StartupException;

/** The connection pool, the migrations and readiness of one PostgreSQL database. */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final Duration READY_CHECK_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration DEDICATED_SOCKET_TIMEOUT = Duration.ofSeconds(10);

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final String description;

    /**
     * How long a pooled connection's statement waits for a lock held by another transaction
     * ({@code lock_timeout}, SQLSTATE 55P03 past it) and how long any statement may run
     * ({@code statement_timeout}, 57014); zero means no bound (decision 0101).
     */
    public record Timeouts(Duration lock, Duration statement) {
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(30));

        /** The libpq {@code options} startup parameter that sets both on a new connection. */
        String startupOptions() {
            return "-c lock_timeout=" + lock.toMillis() + " -c statement_timeout=" + statement.toMillis();
        }
    }

    public Database(String jdbcUrl, String user, String password, int poolSizeMax) {
        this(jdbcUrl, user, password, poolSizeMax, Timeouts.DEFAULT);
    }

    public Database(String jdbcUrl, String user, String password, int poolSizeMax, Timeouts timeouts) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSizeMax);
        config.setPoolName("teller");
        config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        config.addDataSourceProperty("ApplicationName", "teller-server-core");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        // Startup options, so every connection the pool ever opens has the bounds from its first
        // statement and a RESET returns to them. An "options" parameter in DATABASE_URL wins.
        config.addDataSourceProperty("options", timeouts.startupOptions());
        this.dataSource = new HikariDataSource(config);
        this.jdbi = Jdbi.create(dataSource);
        this.description = redact(jdbcUrl);
    }

    /** Accepts a JDBC URL or a {@code postgres://user:password@host:port/db} URL. */
    public static Database fromUrl(String url, String user, String password, int poolSizeMax) {
        return fromUrl(url, user, password, poolSizeMax, Timeouts.DEFAULT);
    }

    /** Accepts a JDBC URL or a {@code postgres://user:password@host:port/db} URL. */
    public static Database fromUrl(String url, String user, String password, int poolSizeMax, Timeouts timeouts) {
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            URI uri = URI.create(url);
            String userInfo = uri.getRawUserInfo();
            if (userInfo != null) {
                String[] parts = userInfo.split(":", 2);
                user = user != null ? user : URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
                if (parts.length > 1 && password == null) {
                    password = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
                }
            }
            int port = uri.getPort() == -1 ? 5432 : uri.getPort();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            url = "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query;
        }
        return new Database(url, user, password, poolSizeMax, timeouts);
    }

    public MigrateResult migrate() {
        refuseNewerSchema(flyway().info());
        MigrateResult result = migrations().migrate();
        log.info("database {} at schema version {} ({} migration(s) applied)", description,
                result.targetSchemaVersion == null ? flyway().info().current().getVersion() : result.targetSchemaVersion,
                result.migrationsExecuted);
        return result;
    }

    /** Migrates up to {@code version} and no further (a restore rebuilds the schema a backup was taken at). */
    public MigrateResult migrateTo(String version) {
        return Flyway.configure().dataSource(dataSource.getJdbcUrl(), dataSource.getUsername(), dataSource.getPassword())
                .locations("classpath:db/migration").failOnMissingLocations(true)
                .target(version).load().migrate();
    }

    /** The newest schema version this Teller's migrations reach. */
    public org.flywaydb.core.api.MigrationVersion latestKnownVersion() {
        var all = flyway().info().all();
        return all.length == 0 ? org.flywaydb.core.api.MigrationVersion.EMPTY : all[all.length - 1].getVersion();
    }

    /**
     * A database migrated by a newer Teller has migrations this build does not know. Flyway would
     * ignore them and run on a schema it does not understand; refuse instead, before anything is written.
     */
    void refuseNewerSchema(MigrationInfoService info) {
        List<String> future = Arrays.stream(info.applied())
                .filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED)
                .map(m -> m.getVersion().getVersion()).toList();
        if (!future.isEmpty()) {
            throw new StartupException("the database " + description + " was written by a newer Teller (schema version "
                    + future.get(future.size() - 1) + "; this Teller knows up to " + latestKnownVersion(info)
                    + "): install that newer Teller again; nothing was changed");
        }
    }

    private static String latestKnownVersion(MigrationInfoService info) {
        return Arrays.stream(info.all()).filter(m -> m.getState() != MigrationState.FUTURE_SUCCESS
                        && m.getState() != MigrationState.FUTURE_FAILED && m.getVersion() != null)
                .map(MigrationInfo::getVersion).max(Comparator.naturalOrder())
                .map(v -> v.getVersion()).orElse("none");
    }

    /** True when the database answers and no migration is pending. */
    public boolean ready() {
        try (var connection = dataSource.getConnection()) {
            if (!connection.isValid((int) READY_CHECK_TIMEOUT.toSeconds())) {
                return false;
            }
        } catch (Exception e) {
            return false;
        }
        try {
            return flyway().info().pending().length == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Flyway flyway() {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load();
    }

    /**
     * Migrations run on connections of their own, outside the pool: a migration may rewrite a big
     * table for longer than the pool's statement bound allows.
     */
    private Flyway migrations() {
        return Flyway.configure()
                .dataSource(dataSource.getJdbcUrl(), dataSource.getUsername(), dataSource.getPassword())
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load();
    }

    public String schemaVersion() {
        var current = flyway().info().current();
        return current == null ? "none" : current.getVersion().getVersion();
    }

    /**
     * A connection of its own, outside the pool, for a session that must outlive any one request
     * (the worker leadership locks hold on to it). The caller closes it.
     */
    public java.sql.Connection openDedicatedConnection(String applicationName) throws java.sql.SQLException {
        java.util.Properties properties = new java.util.Properties();
        if (dataSource.getUsername() != null) {
            properties.setProperty("user", dataSource.getUsername());
        }
        if (dataSource.getPassword() != null) {
            properties.setProperty("password", dataSource.getPassword());
        }
        properties.setProperty("ApplicationName", applicationName);
        properties.setProperty("tcpKeepAlive", "true");
        // A query on a connection whose peer vanished fails instead of hanging the worker thread.
        properties.setProperty("socketTimeout", String.valueOf(DEDICATED_SOCKET_TIMEOUT.toSeconds()));
        properties.setProperty("connectTimeout", String.valueOf(DEDICATED_SOCKET_TIMEOUT.toSeconds()));
        return java.sql.DriverManager.getConnection(dataSource.getJdbcUrl(), properties);
    }

    /** Closes the pool's connections as they come back (after the database restarted, they are all dead). */
    public void evictConnections() {
        var pool = dataSource.getHikariPoolMXBean();
        if (pool != null) {
            pool.softEvictConnections();
        }
    }

    /**
     * Lifts the pool's statement and lock bounds for the rest of the connection's current
     * transaction, for work that is meant to take long (a backup, a restore, a benchmark's seed).
     */
    public static void unbounded(java.sql.Connection connection) throws java.sql.SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute("SET LOCAL statement_timeout = 0");
            statement.execute("SET LOCAL lock_timeout = 0");
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String description() {
        return description;
    }

    /** The URL without any password, for logs. */
    static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//[^/@]*@", "//***@");
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
