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
 *       its triggers and foreign keys off (the keys are added again afterwards, which checks every row) (the rows are the originals: audit hashes and
 *       ledger postings are not computed again) in ONE transaction, sequences are set, and the
 *       transaction commits only if every table loaded what the manifest says;</li>
 *   <li>then the database is migrated to this Teller's schema (an older backup is upgraded).</li>
 * </ol>
 */
public final class DatabaseRestore {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** {@link #check(Path)}, printing each table as it is checked. */
    public static BackupManifest check(Path file, PrintWriter progress) throws IOException {
        try (ZipFile zip = open(file)) {
            BackupManifest manifest = manifest(zip, file);
            for (BackupManifest.Table table : manifest.tables()) {
                ZipEntry entry = entry(zip, table);
                MessageDigest sha256 = DatabaseBackup.sha256();
                long rows = 0;
                try (InputStream in = new DigestInputStream(zip.getInputStream(entry), sha256)) {
                    byte[] buffer = new byte[64 * 1024];
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
                if (rows > 0) {
                    progress.printf("  checked %-24s %,12d rows%n", table.name(), rows);
                    progress.flush();
                }
            }
            return manifest;
        }
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
        var upgraded = database.migrate();
        if (upgraded.migrationsExecuted > 0) {
            progress.printf("migrated from schema version %s to %s%n", manifest.schemaVersion(), database.schemaVersion());
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
                List<BackupCatalog.ForeignKey> foreignKeys = BackupCatalog.foreignKeys(connection);
                try (var statement = connection.createStatement()) {
                    for (String table : schemaTables) {
                        // The rows are restored as they were: hashes, postings and guards ran when they were written.
                        statement.execute("ALTER TABLE " + BackupCatalog.quoted(table) + " DISABLE TRIGGER USER");
                    }
                    for (BackupCatalog.ForeignKey key : foreignKeys) {
                        statement.execute("ALTER TABLE " + BackupCatalog.quoted(key.table()) + " DROP CONSTRAINT "
                                + BackupCatalog.quoted(key.name()));
                    }
                    // Rows the migrations seeded (e.g. report watermarks) are replaced by the backup's.
                    statement.execute("TRUNCATE " + String.join(", ", schemaTables.stream().map(BackupCatalog::quoted).toList()));
                }
                var copier = connection.unwrap(PGConnection.class).getCopyAPI();
                for (String table : schemaTables) {
                    BackupManifest.Table expected = byName.get(table);
                    long started = System.nanoTime();
                    MessageDigest sha256 = DatabaseBackup.sha256();
                    long rows;
                    try (InputStream in = new DigestInputStream(zip.getInputStream(entry(zip, expected)), sha256)) {
                        rows = copier.copyIn("COPY " + BackupCatalog.quoted(table) + " ("
                                + BackupCatalog.columnList(expected.columns()) + ") FROM STDIN", in);
                    }
                    if (rows != expected.rows() || !HexFormat.of().formatHex(sha256.digest()).equals(expected.sha256())) {
                        throw new BadBackupException(file + ": table " + table + " changed while it was restored");
                    }
                    progress.printf("  %-32s %,12d rows  %s%n", table, rows, DatabaseBackup.seconds(started));
                    progress.flush();
                }
                try (var statement = connection.createStatement()) {
                    for (String table : schemaTables) {
                        statement.execute("ALTER TABLE " + BackupCatalog.quoted(table) + " ENABLE TRIGGER USER");
                    }
                    progress.println("checking references");
                    progress.flush();
                    for (BackupCatalog.ForeignKey key : foreignKeys) {
                        // Added again, each checks every row it covers: a restore with a dangling reference fails whole.
                        statement.execute("ALTER TABLE " + BackupCatalog.quoted(key.table()) + " ADD CONSTRAINT "
                                + BackupCatalog.quoted(key.name()) + " " + key.definition());
                    }
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
                connection.commit();
            } catch (IOException | SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
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
