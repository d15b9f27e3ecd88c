package teller.server.upgrade;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.postgresql.PGConnection;

/**
 * The data of a released Teller's database, kept as a test resource: every table's rows (PostgreSQL's
 * COPY text format) and every sequence's position, without the schema, which Flyway rebuilds at the
 * release's version. The upgrade test loads it to get the data directory an operator of that release
 * has. The bundled PostgreSQL has no pg_dump, hence this small format of our own.
 *
 * <p>Written once per release by {@link #main}: {@code upgrade/v12-demo.copy.gz} was written by the
 * build at schema V12 (main before 0.1.0's packaging work) from a {@code serve --demo} database after
 * its workers had run (see {@code upgrade/README.md}).
 */
public final class ReleaseFixture {
    private static final String TABLE = "-- table ";
    private static final String SEQUENCE = "-- sequence ";
    private static final String END = "\\.";

    private ReleaseFixture() {
    }

    /** {@code ReleaseFixture JDBC_URL FILE}: writes the data of the database at JDBC_URL to FILE (gzip). */
    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection(args[0]);
             Writer out = new java.io.OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(Path.of(args[1]))),
                     StandardCharsets.UTF_8)) {
            write(connection, out);
        }
    }

    static void write(Connection connection, Writer out) throws SQLException, IOException {
        var copy = connection.unwrap(PGConnection.class).getCopyAPI();
        for (String table : names(connection, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                + "AND tablename <> 'flyway_schema_history' ORDER BY tablename")) {
            StringWriter rows = new StringWriter();
            copy.copyOut("COPY public." + table + " TO STDOUT", rows);
            out.write(TABLE + table + "\n");
            out.write(rows.toString());
            out.write(END + "\n");
        }
        for (String sequence : names(connection, "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' "
                + "ORDER BY sequencename")) {
            try (var statement = connection.createStatement();
                 var row = statement.executeQuery("SELECT last_value, is_called FROM public." + sequence)) {
                row.next();
                out.write(SEQUENCE + sequence + " " + row.getLong(1) + " " + row.getBoolean(2) + "\n");
            }
        }
    }

    /**
     * Loads the fixture into a database migrated to the fixture's schema version, replacing what the
     * migrations seeded. Triggers (foreign keys, append-only and hash-chain guards) are off while the
     * rows go in: they are the release's own rows, already checked when they were written.
     */
    public static void load(String resource, Connection connection) throws SQLException, IOException {
        var copy = connection.unwrap(PGConnection.class).getCopyAPI();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (InputStream raw = ReleaseFixture.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IOException(resource + " is missing");
            }
            try (var statement = connection.createStatement()) {
                statement.execute("SET LOCAL session_replication_role = replica");
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(TABLE)) {
                    String table = line.substring(TABLE.length());
                    StringBuilder rows = new StringBuilder();
                    while (!(line = in.readLine()).equals(END)) {
                        rows.append(line).append('\n');
                    }
                    // The migrations seed some rows (house accounts, worker state); the release's rows replace them.
                    try (var statement = connection.createStatement()) {
                        statement.execute("DELETE FROM public." + table);
                    }
                    copy.copyIn("COPY public." + table + " FROM STDIN", new StringReader(rows.toString()));
                } else if (line.startsWith(SEQUENCE)) {
                    String[] parts = line.substring(SEQUENCE.length()).split(" ");
                    try (var statement = connection.prepareStatement("SELECT setval(?::regclass, ?, ?)")) {
                        statement.setString(1, "public." + parts[0]);
                        statement.setLong(2, Long.parseLong(parts[1]));
                        statement.setBoolean(3, Boolean.parseBoolean(parts[2]));
                        statement.execute();
                    }
                }
            }
            connection.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static List<String> names(Connection connection, String query) throws SQLException {
        List<String> names = new ArrayList<>();
        try (var statement = connection.createStatement(); var rows = statement.executeQuery(query)) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
