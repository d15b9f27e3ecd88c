package teller.server.db;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.postgresql.PGConnection;
import teller.server.export.NonClosingOutputStream;

/**
 * Writes a consistent online backup of a Teller database (decision 0074): one REPEATABLE READ,
 * READ ONLY transaction, so every table is read at the same snapshot while the server keeps
 * working; each table streamed with {@code COPY ... TO STDOUT} (PostgreSQL's text format, portable
 * across major versions) into a ZIP entry, and a manifest with the schema version, each table's
 * columns, row count and SHA-256. zonky ships no pg_dump; this needs nothing but JDBC.
 *
 * <p>The file is written under a temporary name and moved into place only when complete, so a
 * backup that died half-way never looks like a backup. It holds password hashes and player data:
 * it is created readable by its owner only.
 */
public final class DatabaseBackup {
    static final String HISTORY_TABLE = "flyway_schema_history";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatabaseBackup() {
    }

    /** What {@link #writeRecorded} wrote: the file's manifest, and the record a data directory keeps of it. */
    public record Written(BackupManifest manifest, LastBackup last) {
    }

    /**
     * Why {@code out} cannot be a new backup file, or null: it exists, or its folder does not. The one
     * rule for the {@code backup} command and the desktop's Back up now….
     */
    public static String problemWithTarget(Path out) {
        Path absolute = out.toAbsolutePath();
        if (Files.exists(absolute)) {
            return absolute + " already exists; choose a new file name";
        }
        if (absolute.getParent() == null || !Files.isDirectory(absolute.getParent())) {
            return "the folder " + absolute.getParent() + " does not exist";
        }
        return null;
    }

    /**
     * The backup as the {@code backup} command and the desktop's Back up now… take it: {@link #write}
     * into {@code out}, then, for an embedded database ({@code dataDirectory} not null), its
     * {@link LastBackup} record in that data directory.
     *
     * @param cancelled asked before each table; when it answers true the partial file is deleted and
     *                  a {@link java.util.concurrent.CancellationException} thrown
     */
    public static Written writeRecorded(Database database, String tellerVersion, Path out, Path dataDirectory,
                                        PrintWriter progress, BooleanSupplier cancelled) throws IOException, SQLException {
        Path absolute = out.toAbsolutePath();
        BackupManifest manifest = write(database, tellerVersion, absolute, progress, cancelled);
        LastBackup last = new LastBackup(Instant.now(), absolute.toString(), Files.size(absolute), manifest.schemaVersion(),
                manifest.rows());
        if (dataDirectory != null) {
            last.write(dataDirectory);
        }
        return new Written(manifest, last);
    }

    /** Backs up {@code database} into {@code out}, which must not exist; progress lines go to {@code progress}. */
    public static BackupManifest write(Database database, String tellerVersion, Path out, PrintWriter progress)
            throws IOException, SQLException {
        return write(database, tellerVersion, out, progress, () -> false);
    }

    private static BackupManifest write(Database database, String tellerVersion, Path out, PrintWriter progress,
                                        BooleanSupplier cancelled) throws IOException, SQLException {
        Path partial = out.resolveSibling(out.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        try (Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            Database.unbounded(connection);
            BackupManifest manifest;
            try (OutputStream file = Files.newOutputStream(partial); ZipOutputStream zip = new ZipOutputStream(file)) {
                ownerOnly(partial);
                zip.setLevel(Deflater.BEST_SPEED);
                manifest = writeEntries(connection, tellerVersion, zip, progress, cancelled);
                zip.putNextEntry(new ZipEntry(BackupManifest.MANIFEST_ENTRY));
                zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
                zip.closeEntry();
            } finally {
                connection.rollback();
            }
            Files.move(partial, out, StandardCopyOption.ATOMIC_MOVE);
            return manifest;
        } catch (IOException | SQLException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
    }

    private static BackupManifest writeEntries(Connection connection, String tellerVersion, ZipOutputStream zip,
                                               PrintWriter progress, BooleanSupplier cancelled)
            throws IOException, SQLException {
        // The first statement fixes the snapshot: everything below reads the same moment.
        String schemaVersion = BackupCatalog.schemaVersion(connection);
        String postgresVersion = BackupCatalog.single(connection, "SHOW server_version");
        List<BackupManifest.Table> tables = new ArrayList<>();
        var copier = connection.unwrap(PGConnection.class).getCopyAPI();
        for (String table : BackupCatalog.tables(connection)) {
            if (table.equals(HISTORY_TABLE)) {
                continue; // the schema version stands for it: a restore migrates the empty database to it
            }
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("backup cancelled before table " + table + "; nothing kept");
            }
            List<String> columns = BackupCatalog.columns(connection, table);
            String entry = "data/" + table + ".copy";
            long started = System.nanoTime();
            zip.putNextEntry(new ZipEntry(entry));
            MessageDigest sha256 = sha256();
            OutputStream target = new DigestOutputStream(new NonClosingOutputStream(zip), sha256);
            long rows = copier.copyOut("COPY " + BackupCatalog.quoted(table) + " (" + BackupCatalog.columnList(columns)
                    + ") TO STDOUT", target);
            target.flush();
            zip.closeEntry();
            tables.add(new BackupManifest.Table(table, columns, rows, HexFormat.of().formatHex(sha256.digest()), entry));
            progress.printf("  %-32s %,12d rows  %s%n", table, rows, seconds(started));
            progress.flush();
        }
        List<BackupManifest.Sequence> sequences = BackupCatalog.sequences(connection);
        return new BackupManifest(BackupManifest.FORMAT, BackupManifest.FORMAT_VERSION, Instant.now().toString(),
                tellerVersion, postgresVersion, schemaVersion, tables, sequences);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String seconds(long startedNanos) {
        return String.format("%.1f s", Duration.ofNanos(System.nanoTime() - startedNanos).toMillis() / 1000.0);
    }

    private static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException notPosix) {
            // Windows: the file inherits its folder's access rules.
        }
    }
}
