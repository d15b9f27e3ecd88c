package teller.server.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** What backup and restore ask PostgreSQL's catalog: tables, columns, sequences, foreign keys. */
final class BackupCatalog {
    private BackupCatalog() {
    }

    static List<String> tables(Connection connection) throws SQLException {
        return strings(connection, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
    }

    /** Stored columns in order (generated columns are computed again on restore). */
    static List<String> columns(Connection connection, String table) throws SQLException {
        try (var statement = connection.prepareStatement("""
                SELECT attname FROM pg_attribute
                 WHERE attrelid = ('public.' || quote_ident(?))::regclass AND attnum > 0 AND NOT attisdropped
                   AND attgenerated = '' ORDER BY attnum""")) {
            statement.setString(1, table);
            List<String> names = new ArrayList<>();
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            return names;
        }
    }

    static List<BackupManifest.Sequence> sequences(Connection connection) throws SQLException {
        List<BackupManifest.Sequence> sequences = new ArrayList<>();
        try (var statement = connection.createStatement(); var rows = statement.executeQuery(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename")) {
            while (rows.next()) {
                String name = rows.getString(1);
                long value = rows.getLong(2);
                sequences.add(new BackupManifest.Sequence(name, rows.wasNull() ? null : value));
            }
        }
        return sequences;
    }

    /** The applied schema version, from Flyway's history table ("none" when there is none). */
    static String schemaVersion(Connection connection) throws SQLException {
        if (!tables(connection).contains(DatabaseBackup.HISTORY_TABLE)) {
            return "none";
        }
        List<String> versions = strings(connection, "SELECT version FROM " + DatabaseBackup.HISTORY_TABLE
                + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1");
        return versions.isEmpty() ? "none" : versions.get(0);
    }

    /**
     * A constraint or an index of a table, dropped before a load and made again from its definition
     * after it: a foreign key (adding it checks every row), a primary key, unique or exclusion
     * constraint (adding it builds its index in one sort and checks it) or a plain index.
     */
    record Definition(String table, String name, String definition) {
    }

    /**
     * Every foreign key of the public schema. The schema has reference cycles (an order and its hold
     * transaction refer to each other), so no load order satisfies them all row by row.
     */
    static List<Definition> foreignKeys(Connection connection) throws SQLException {
        return constraints(connection, "'f'", "");
    }

    /**
     * Primary key, unique and exclusion constraints of the public schema (foreign keys depend on
     * them) but those another object needs (a view grouping by a primary key): those stay in place.
     */
    static List<Definition> keys(Connection connection) throws SQLException {
        return constraints(connection, "'p', 'u', 'x'", """
                 AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.refclassid = 'pg_constraint'::regclass
                                    AND d.refobjid = c.oid AND d.deptype = 'n')""");
    }

    private static List<Definition> constraints(Connection connection, String types, String condition) throws SQLException {
        return definitions(connection, """
                SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c
                  JOIN pg_namespace n ON n.oid = c.connamespace
                 WHERE c.contype IN (%s) AND n.nspname = 'public' AND c.conrelid <> 0 %s ORDER BY 1, 2"""
                .formatted(types, condition));
    }

    /** Indexes of the public schema that no constraint owns ({@code definition} is the whole CREATE INDEX). */
    static List<Definition> plainIndexes(Connection connection) throws SQLException {
        return definitions(connection, """
                SELECT x.indrelid::regclass::text, i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x
                  JOIN pg_class i ON i.oid = x.indexrelid
                  JOIN pg_namespace n ON n.oid = i.relnamespace
                 WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                        WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid AND c.contype IN ('p', 'u', 'x'))
                 ORDER BY 1, 2""");
    }

    private static List<Definition> definitions(Connection connection, String sql) throws SQLException {
        List<Definition> definitions = new ArrayList<>();
        try (var statement = connection.createStatement(); var rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                definitions.add(new Definition(unqualified(rows.getString(1)), rows.getString(2), rows.getString(3)));
            }
        }
        return definitions;
    }

    private static String unqualified(String name) {
        String plain = name.startsWith("public.") ? name.substring("public.".length()) : name;
        return plain.replace("\"", "");
    }

    static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String columnList(List<String> columns) {
        return String.join(", ", columns.stream().map(BackupCatalog::quoted).toList());
    }

    static String single(Connection connection, String sql) throws SQLException {
        return strings(connection, sql).get(0);
    }

    private static List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (var statement = connection.createStatement(); var rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
