package teller.server.db;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.flywaydb.core.api.MigrationVersion;
import org.postgresql.PGConnection;

/**
 * Restores a backup written by {@link DatabaseBackup} into an empty database (decision 0074):
 * <ol>
 *   <li>the file is checked whole first (ZIP structure and CRCs, manifest, each table's row count
 *       and SHA-256), so a truncated or altered file is refused, naming what is wrong, before
 *       anything is written;</li>
 *   <li>a backup from a newer schema than this Teller knows is refused; the target must be empty;</li>
 *   <li>the empty database is migrated to the backup's schema version, every table is loaded with
 *       its triggers off and its keys, indexes and foreign keys dropped (the rows are the originals:
 *       audit hashes and ledger postings are not computed again) in ONE transaction; then the keys,
 *       indexes and foreign keys are made again from their definitions, which checks every row
 *       (decision 0190), sequences are set, and the transaction commits only if every table loaded
 *       what the manifest says;</li>
 *   <li>then the database is migrated to this Teller's schema (an older backup is upgraded).</li>
 * </ol>
 */
public final class DatabaseRestore {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Session settings of the restoring connection: memory to sort an index and to hash a reference check. */
    static final String MAINTENANCE_WORK_MEM = "512MB";
    static final String WORK_MEM = "256MB";
    /** Bytes per write to the COPY stream (the driver's default is 64 KiB). */
    private static final int COPY_BUFFER = 1 << 20;
    /** Threads that check a file's tables at once (the machine's cores, at most 4). */
    static final int CHECK_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private DatabaseRestore() {
    }

    /** A file that is not a complete, unaltered backup; the message says what is wrong. */
    public static final class BadBackupException extends IOException {
        public BadBackupException(String message) {
            super(message);
        }
    }

    /** The target or the backup's schema does not allow the restore; the message says why. */
    public static final class RefusedException extends IOException {
        public RefusedException(String message) {
            super(message);
        }
    }

    /** Reads the manifest and checks every table's data against it; throws {@link BadBackupException} naming the problem. */
    public static BackupManifest check(Path file) throws IOException {
        return check(file, new PrintWriter(java.io.Writer.nullWriter()));
    }

    /**
     * {@link #check(Path)}, printing each table as it is checked. The tables are checked on up to
     * {@link #CHECK_THREADS} threads (inflating and hashing is CPU work); a damaged file is refused
     * naming the first bad table in the manifest's order, whichever thread finds it first.
     */
    public static BackupManifest check(Path file, PrintWriter progress) throws IOException {
        long started = System.nanoTime();
        try (ZipFile zip = open(file)) {
            BackupManifest manifest = manifest(zip, file);
            var pool = java.util.concurrent.Executors.newFixedThreadPool(CHECK_THREADS, runnable -> {
                Thread thread = new Thread(runnable, "restore-check");
                thread.setDaemon(true);
                return thread;
            });
            try {
                List<java.util.concurrent.Future<Long>> checked = new java.util.ArrayList<>();
                for (BackupManifest.Table table : manifest.tables()) {
                    checked.add(pool.submit(() -> checkTable(zip, file, table)));
                }
                for (int i = 0; i < checked.size(); i++) {
                    long rows = result(checked.get(i));
                    if (rows > 0) {
                        progress.printf("  checked %-24s %,12d rows%n", manifest.tables().get(i).name(), rows);
                        progress.flush();
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            progress.printf("checked in %s%n", DatabaseBackup.seconds(started));
            progress.flush();
            return manifest;
        }
    }

    private static long result(java.util.concurrent.Future<Long> checked) throws IOException {
        try {
            return checked.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while checking the backup");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** One table's data against the manifest: its ZIP CRC, SHA-256 and row count; answers the rows. */
    private static long checkTable(ZipFile zip, Path file, BackupManifest.Table table) throws IOException {
        ZipEntry entry = entry(zip, table);
        MessageDigest sha256 = DatabaseBackup.sha256();
        long rows = 0;
        try (InputStream in = new DigestInputStream(zip.getInputStream(entry), sha256)) {
            byte[] buffer = new byte[256 * 1024];
            for (int read; (read = in.read(buffer)) != -1; ) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        rows++;
                    }
                }
            }
        } catch (ZipException | java.io.EOFException damaged) {
            throw new BadBackupException(file + ": the data of table " + table.name() + " is damaged ("
                    + damaged.getMessage() + ")");
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!actual.equals(table.sha256())) {
            throw new BadBackupException(file + ": the data of table " + table.name()
                    + " does not match its checksum in the manifest (altered or damaged)");
        }
        if (rows != table.rows()) {
            throw new BadBackupException(file + ": table " + table.name() + " holds " + rows
                    + " rows but the manifest says " + table.rows());
        }
        return rows;
    }

    /**
     * Restores {@code file} into {@code database}, which must be empty; returns the manifest. The
     * file is checked first ({@link #check}).
     */
    public static BackupManifest restore(Database database, Path file, PrintWriter progress) throws IOException, SQLException {
        return restoreChecked(database, file, check(file), progress);
    }

    /** {@link #restore} of a file that {@link #check} has just passed, with the manifest it returned. */
    public static BackupManifest restoreChecked(Database database, Path file, BackupManifest manifest, PrintWriter progress)
            throws IOException, SQLException {
        MigrationVersion backupVersion = MigrationVersion.fromVersion(manifest.schemaVersion());
        MigrationVersion known = database.latestKnownVersion();
        if (backupVersion.isNewerThan(known)) {
            throw new RefusedException("the backup is at schema version " + manifest.schemaVersion() + " (Teller "
                    + manifest.tellerVersion() + "), newer than this Teller's " + known.getVersion()
                    + ": restore it with a Teller at least as new as the one that wrote it");
        }
        try (Connection connection = database.dataSource().getConnection()) {
            List<String> existing = BackupCatalog.tables(connection);
            if (!existing.isEmpty()) {
                throw new RefusedException("the target database is not empty (" + existing.size() + " tables, e.g. "
                        + existing.get(0) + "): restore only into a new, empty database or data directory");
            }
        }
        progress.printf("migrating the empty database to the backup's schema version %s%n", manifest.schemaVersion());
        progress.flush();
        database.migrateTo(manifest.schemaVersion());
        load(database, file, manifest, progress);
        long migrating = System.nanoTime();
        var upgraded = database.migrate();
        if (upgraded.migrationsExecuted > 0) {
            progress.printf("migrated from schema version %s to %s in %s%n", manifest.schemaVersion(),
                    database.schemaVersion(), DatabaseBackup.seconds(migrating));
        }
        return manifest;
    }

    private static void load(Database database, Path file, BackupManifest manifest, PrintWriter progress)
            throws IOException, SQLException {
        Map<String, BackupManifest.Table> byName = manifest.tables().stream()
                .collect(Collectors.toMap(BackupManifest.Table::name, Function.identity()));
        try (ZipFile zip = open(file); Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            Database.unbounded(connection);
            try {
                List<String> schemaTables = BackupCatalog.tables(connection).stream()
                        .filter(t -> !t.equals(DatabaseBackup.HISTORY_TABLE)).toList();
                for (String table : schemaTables) {
                    if (!byName.containsKey(table)) {
                        throw new BadBackupException(file + ": the backup has no data for table " + table
                                + " of schema version " + manifest.schemaVersion());
                    }
                }
                // Dropped in dependency order (foreign keys need the keys they refer to) and made again in
                // the reverse one after the load: an index built in one sort over loaded rows is far cheaper
                // than ten million insertions into it, and adding a key or constraint checks every row.
                List<BackupCatalog.Definition> foreignKeys = BackupCatalog.foreignKeys(connection);
                List<BackupCatalog.Definition> keys = tablesOnly(BackupCatalog.keys(connection), schemaTables);
                List<BackupCatalog.Definition> indexes = tablesOnly(BackupCatalog.plainIndexes(connection), schemaTables);
                try (var statement = connection.createStatement()) {
                    // Only this session: memory to sort an index and hash a key check, not the server's settings.
                    statement.execute("SET LOCAL maintenance_work_mem = '" + MAINTENANCE_WORK_MEM + "'");
                    statement.execute("SET LOCAL work_mem = '" + WORK_MEM + "'");
                    for (String table : schemaTables) {
                        // The rows are restored as they were: hashes, postings and guards ran when they were written.
                        statement.execute("ALTER TABLE " + BackupCatalog.quoted(table) + " DISABLE TRIGGER USER");
                    }
                    for (BackupCatalog.Definition key : foreignKeys) {
                        statement.execute("ALTER TABLE " + BackupCatalog.quoted(key.table()) + " DROP CONSTRAINT "
                                + BackupCatalog.quoted(key.name()));
                    }
                    for (BackupCatalog.Definition key : keys) {
                        statement.execute("ALTER TABLE " + BackupCatalog.quoted(key.table()) + " DROP CONSTRAINT "
                                + BackupCatalog.quoted(key.name()));
                    }
                    for (BackupCatalog.Definition index : indexes) {
                        statement.execute("DROP INDEX " + BackupCatalog.quoted(index.name()));
                    }
                    // Rows the migrations seeded (e.g. report watermarks) are replaced by the backup's. Truncated in
                    // this transaction, every table can take its rows with COPY FREEZE (no later hint-bit rewrite).
                    statement.execute("TRUNCATE " + String.join(", ", schemaTables.stream().map(BackupCatalog::quoted).toList()));
                }
                long loadStarted = System.nanoTime();
                progress.println("loading");
                progress.flush();
                var copier = connection.unwrap(PGConnection.class).getCopyAPI();
                for (String table : schemaTables) {
                    BackupManifest.Table expected = byName.get(table);
                    long started = System.nanoTime();
                    MessageDigest sha256 = DatabaseBackup.sha256();
                    long rows;
                    try (InputStream in = new DigestInputStream(zip.getInputStream(entry(zip, expected)), sha256)) {
                        rows = copier.copyIn("COPY " + BackupCatalog.quoted(table) + " ("
                                + BackupCatalog.columnList(expected.columns()) + ") FROM STDIN WITH (FREEZE)", in, COPY_BUFFER);
                    }
                    if (rows != expected.rows() || !HexFormat.of().formatHex(sha256.digest()).equals(expected.sha256())) {
                        throw new BadBackupException(file + ": table " + table + " changed while it was restored");
                    }
                    if (rows > 0) {
                        progress.printf("  %-32s %,12d rows  %s%n", table, rows, DatabaseBackup.seconds(started));
                        progress.flush();
                    }
                }
                progress.printf("loaded in %s%n", DatabaseBackup.seconds(loadStarted));
                try (var statement = connection.createStatement()) {
                    for (String table : schemaTables) {
                        statement.execute("ALTER TABLE " + BackupCatalog.quoted(table) + " ENABLE TRIGGER USER");
                    }
                    // Each checks what it covers: a duplicate key or a dangling reference fails the restore whole.
                    remake(statement, "building keys", keys, DatabaseRestore::addConstraint, progress);
                    remake(statement, "building indexes", indexes, BackupCatalog.Definition::definition, progress);
                    remake(statement, "checking references", foreignKeys, DatabaseRestore::addConstraint, progress);
                }
                for (BackupManifest.Sequence sequence : manifest.sequences()) {
                    if (sequence.lastValue() != null) {
                        try (var setval = connection.prepareStatement("SELECT setval(?::regclass, ?, true)")) {
                            setval.setString(1, "public." + BackupCatalog.quoted(sequence.name()));
                            setval.setLong(2, sequence.lastValue());
                            setval.execute();
                        }
                    }
                }
                // Statistics for the planner: the verify that follows and the server's first queries plan
                // over freshly loaded tables (autovacuum would gather them only later).
                long analyzing = System.nanoTime();
                try (var statement = connection.createStatement()) {
                    statement.execute("ANALYZE " + String.join(", ", schemaTables.stream().map(BackupCatalog::quoted).toList()));
                }
                progress.printf("analyzed in %s%n", DatabaseBackup.seconds(analyzing));
                long committing = System.nanoTime();
                connection.commit();
                progress.printf("committed in %s%n", DatabaseBackup.seconds(committing));
                progress.flush();
            } catch (IOException | SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static List<BackupCatalog.Definition> tablesOnly(List<BackupCatalog.Definition> definitions, List<String> tables) {
        return definitions.stream().filter(d -> tables.contains(d.table())).toList();
    }

    private static String addConstraint(BackupCatalog.Definition constraint) {
        return "ALTER TABLE " + BackupCatalog.quoted(constraint.table()) + " ADD CONSTRAINT "
                + BackupCatalog.quoted(constraint.name()) + " " + constraint.definition();
    }

    /** Runs each definition's statement, timing each phase and every statement that takes a second or more. */
    private static void remake(java.sql.Statement statement, String phase, List<BackupCatalog.Definition> definitions,
                               Function<BackupCatalog.Definition, String> sql, PrintWriter progress) throws SQLException {
        long phaseStarted = System.nanoTime();
        progress.println(phase);
        progress.flush();
        for (BackupCatalog.Definition definition : definitions) {
            long started = System.nanoTime();
            statement.execute(sql.apply(definition));
            if (System.nanoTime() - started >= 1_000_000_000L) {
                progress.printf("  %-32s %-40s %s%n", definition.table(), definition.name(), DatabaseBackup.seconds(started));
                progress.flush();
            }
        }
        progress.printf("%s: %d in %s%n", phase, definitions.size(), DatabaseBackup.seconds(phaseStarted));
        progress.flush();
    }

    private static ZipFile open(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException missing) {
            throw new BadBackupException(file + ": no such file");
        } catch (ZipException broken) {
            throw new BadBackupException(file + ": not a complete Teller backup (" + broken.getMessage()
                    + "; a truncated file ends before its ZIP directory)");
        }
    }

    private static BackupManifest manifest(ZipFile zip, Path file) throws IOException {
        ZipEntry entry = zip.getEntry(BackupManifest.MANIFEST_ENTRY);
        if (entry == null) {
            throw new BadBackupException(file + ": no " + BackupManifest.MANIFEST_ENTRY + " (not a Teller backup)");
        }
        BackupManifest manifest;
        try (InputStream in = zip.getInputStream(entry)) {
            manifest = JSON.readValue(in, BackupManifest.class);
        } catch (IOException unreadable) {
            throw new BadBackupException(file + ": the manifest is unreadable (" + unreadable.getMessage() + ")");
        }
        if (!BackupManifest.FORMAT.equals(manifest.format())) {
            throw new BadBackupException(file + ": not a Teller backup (format " + manifest.format() + ")");
        }
        if (manifest.formatVersion() > BackupManifest.FORMAT_VERSION) {
            throw new RefusedException(file + ": backup format version " + manifest.formatVersion()
                    + " is newer than this Teller reads (" + BackupManifest.FORMAT_VERSION + ")");
        }
        if (manifest.tables() == null || manifest.schemaVersion() == null || manifest.sequences() == null) {
            throw new BadBackupException(file + ": the manifest is incomplete");
        }
        return manifest;
    }

    private static ZipEntry entry(ZipFile zip, BackupManifest.Table table) throws BadBackupException {
        ZipEntry entry = table.entry() == null ? null : zip.getEntry(table.entry());
        if (entry == null) {
            throw new BadBackupException(zip.getName() + ": the data of table " + table.name() + " is missing");
        }
        return entry;
    }
}
