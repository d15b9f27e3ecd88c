package teller.server.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import teller.server.db.Database;
import teller.server.db.EmbeddedPostgres;

/**
 * One real PostgreSQL per test JVM (the same embedded server the product runs), a template
 * database migrated once, and a fresh copy of it for each test class that asks.
 */
public final class TestPostgres {
    private static final String TEMPLATE = "teller_template";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("teller-test-pg");
                server = EmbeddedPostgres.start(dir, EmbeddedPostgres.Mode.AUTO);
                EmbeddedPostgres started = server;
                // Stop it and remove its data directory (100+ MB per test JVM), which would pile up in /tmp otherwise.
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    started.close();
                    deleteRecursively(dir);
                }, "test-postgres-stop"));
                try (var conn = DriverManager.getConnection(server.jdbcUrl("postgres"));
                     var st = conn.createStatement()) {
                    st.execute("CREATE DATABASE " + TEMPLATE);
                }
                try (var db = new Database(server.jdbcUrl(TEMPLATE), null, null, 2)) {
                    db.migrate();
                }
            } catch (IOException | SQLException e) {
                throw new IllegalStateException("cannot start the test PostgreSQL", e);
            }
        }
        return server;
    }

    /** A new, migrated, empty database; returns its JDBC URL. */
    public static synchronized String freshDatabase() {
        EmbeddedPostgres pg = server();
        String name = "test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (var conn = DriverManager.getConnection(pg.jdbcUrl("postgres")); var st = conn.createStatement()) {
            st.execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return pg.jdbcUrl(name);
    }

    /** A new database with no schema at all (for migration tests); returns its JDBC URL. */
    public static synchronized String emptyDatabase() {
        EmbeddedPostgres pg = server();
        String name = "empty_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (var conn = DriverManager.getConnection(pg.jdbcUrl("postgres")); var st = conn.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return pg.jdbcUrl(name);
    }

    /** Drops a test database at once, closing whatever connections it still has. */
    public static void dropDatabase(String jdbcUrl) {
        String name = jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1).replaceFirst("\\?.*$", "");
        try (var conn = DriverManager.getConnection(server().jdbcUrl("postgres")); var st = conn.createStatement()) {
            st.execute("DROP DATABASE " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name, e);
        }
    }

    /** Deletes a directory tree, best effort (used for test data directories). */
    public static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover temp directory is harmless
        }
    }

    public static int port() {
        return server().port();
    }
}
