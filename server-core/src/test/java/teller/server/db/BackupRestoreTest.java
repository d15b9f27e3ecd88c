package teller.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ledger.LedgerVerification;
import teller.server.provider.ProviderKind;
import teller.server.support.ExecutionFixture;
import teller.server.support.FakeProvider;
import teller.server.support.TestPostgres;

/**
 * Backup and restore over JDBC (issue 15): round-trip equality of every table, a backup taken during
 * a running workload restores to a state that verifies, and the refusals (non-empty target, newer
 * schema, truncated or altered file), each naming what is wrong and writing nothing.
 */
class BackupRestoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeProvider provider;
    private static ExecutionFixture fixture;
    private static Path backup;

    @BeforeAll
    static void start() throws Exception {
        provider = FakeProvider.start();
        fixture = ExecutionFixture.start(b -> b.providers(
                ExecutionFixture.fastSettings(ProviderKind.GAME_LOAD, provider.baseUrl()),
                ExecutionFixture.fastSettings(ProviderKind.PAYOUT, provider.baseUrl())));
        String player = fixture.fundedPlayer(50_000);
        fixture.approve(fixture.order("GAME_LOAD", player, 1_000));
        fixture.approve(fixture.order("WITHDRAWAL", player, 2_000));
        fixture.reject(fixture.order("DEPOSIT", player, 700), "no proof");
        fixture.order("DEPOSIT", player, 900);
        backup = Files.createTempDirectory("teller-backup-test").resolve("teller.backup");
        DatabaseBackup.write(fixture.server.database(), "test", backup, quiet());
    }

    @AfterAll
    static void stop() {
        fixture.close();
        provider.close();
    }

    @Test
    void roundTripRestoresEveryTableWithTheSameRowCountAndChecksum() throws Exception {
        BackupManifest original = DatabaseRestore.check(backup);
        try (Database target = emptyDatabase()) {
            DatabaseRestore.restore(target, backup, quiet());
            Path again = backup.resolveSibling("again.backup");
            BackupManifest restored = DatabaseBackup.write(target, "test", again, quiet());

            assertThat(restored.tables()).containsExactlyElementsOf(original.tables());
            assertThat(original.tables()).extracting(BackupManifest.Table::name)
                    .contains("ledger_entries", "audit_log", "orders", "operators");
            assertThat(original.rows()).isPositive();
            assertThat(restored.sequences()).isEqualTo(original.sequences());
            assertClean(target);
        }
    }

    @Test
    void backupTakenDuringARunningWorkloadRestoresToAStateThatVerifies() throws Exception {
        String player = fixture.fundedPlayer(0);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger approved = new AtomicInteger();
        Thread workload = new Thread(() -> {
            while (running.get()) {
                fixture.approve(fixture.order("DEPOSIT", player, 100));
                approved.incrementAndGet();
            }
        });
        workload.start();
        Path during = backup.resolveSibling("during.backup");
        try {
            ExecutionFixture.await(java.time.Duration.ofSeconds(60), "the workload to run", () -> approved.get() >= 3);
            DatabaseBackup.write(fixture.server.database(), "test", during, quiet());
        } finally {
            running.set(false);
            workload.join();
        }
        try (Database target = emptyDatabase()) {
            DatabaseRestore.restore(target, during, quiet());
            assertClean(target);
        }
    }

    @Test
    void aBackupOfAnOlderSchemaRestoresAndIsMigrated() throws Exception {
        Path old = backup.resolveSibling("old-schema.backup");
        try (Database older = emptyDatabase()) {
            older.migrateTo("12");
            DatabaseBackup.write(older, "old", old, quiet());
        }
        assertThat(DatabaseRestore.check(old).schemaVersion()).isEqualTo("12");
        try (Database target = emptyDatabase()) {
            DatabaseRestore.restore(target, old, quiet());
            assertThat(target.schemaVersion()).isEqualTo(target.latestKnownVersion().getVersion());
            assertThat(target.ready()).isTrue();
        }
    }

    @Test
    void aNonEmptyTargetIsRefusedAndLeftAsItWas() throws Exception {
        try (Database target = new Database(TestPostgres.freshDatabase(), null, null, 2)) {
            assertThatThrownBy(() -> DatabaseRestore.restore(target, backup, quiet()))
                    .isInstanceOf(DatabaseRestore.RefusedException.class).hasMessageContaining("not empty");
            assertThat(count(target, "SELECT count(*) FROM operators")).isZero();
        }
    }

    @Test
    void aBackupFromANewerSchemaIsRefusedWithTheReason() throws Exception {
        Path newer = rewrite("newer.backup", name -> null, manifest -> manifest.put("schemaVersion", "999"));
        try (Database target = emptyDatabase()) {
            assertThatThrownBy(() -> DatabaseRestore.restore(target, newer, quiet()))
                    .isInstanceOf(DatabaseRestore.RefusedException.class)
                    .hasMessageContaining("schema version 999").hasMessageContaining("newer than this Teller's");
            assertThat(count(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isZero();
        }
    }

    @Test
    void aTruncatedFileIsRefusedAsIncomplete() throws Exception {
        Path truncated = backup.resolveSibling("truncated.backup");
        byte[] whole = Files.readAllBytes(backup);
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> DatabaseRestore.check(truncated))
                .isInstanceOf(DatabaseRestore.BadBackupException.class).hasMessageContaining("not a complete Teller backup");
    }

    @Test
    void anAlteredTableIsRefusedNamingTheTable() throws Exception {
        Path altered = rewrite("altered.backup",
                name -> name.equals("data/ledger_entries.copy") ? "1\t1\t0\t999\n" : null, UnaryOperator.identity()::apply);

        assertThatThrownBy(() -> DatabaseRestore.check(altered))
                .isInstanceOf(DatabaseRestore.BadBackupException.class)
                .hasMessageContaining("ledger_entries").hasMessageContaining("checksum");
    }

    @Test
    void aFileWhoseChecksumFailsWritesNothingIntoTheTarget() throws Exception {
        Path altered = rewrite("altered-restore.backup",
                name -> name.equals("data/orders.copy") ? "altered\n" : null, UnaryOperator.identity()::apply);
        try (Database target = emptyDatabase()) {
            assertThatThrownBy(() -> DatabaseRestore.restore(target, altered, quiet()))
                    .isInstanceOf(DatabaseRestore.BadBackupException.class)
                    .hasMessageContaining("orders").hasMessageContaining("checksum");
            assertThat(count(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isZero();
        }
    }

    @Test
    void keysIndexesAndReferencesAreMadeAgainExactlyAsTheSchemaDefinesThem() throws Exception {
        try (Database target = emptyDatabase()) {
            DatabaseRestore.restore(target, backup, quiet());
            assertThat(definitions(target)).isNotEmpty().isEqualTo(definitions(fixture.server.database()));
        }
    }

    @Test
    void aDuplicateKeyWithAMatchingChecksumFailsTheWholeLoad() throws Exception {
        // A file whose manifest was written to match altered data: the checksums pass, the keys built after the load must not.
        byte[] players;
        try (ZipFile zip = new ZipFile(backup.toFile())) {
            players = zip.getInputStream(zip.getEntry("data/players.copy")).readAllBytes();
        }
        String text = new String(players, java.nio.charset.StandardCharsets.UTF_8);
        String doubled = text + text.substring(0, text.indexOf('\n') + 1);
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(doubled.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Path duplicated = rewrite("duplicate-key.backup", name -> name.equals("data/players.copy") ? doubled : null,
                manifest -> manifest.withArray("tables").forEach(table -> {
                    if (table.get("name").asText().equals("players")) {
                        ((ObjectNode) table).put("sha256", sha256).put("rows", table.get("rows").asLong() + 1);
                    }
                }));
        try (Database target = emptyDatabase()) {
            assertThatThrownBy(() -> DatabaseRestore.restore(target, duplicated, quiet()))
                    .isInstanceOf(java.sql.SQLException.class).hasMessageContaining("players_pk");
            assertThat(count(target, "SELECT count(*) FROM players")).isZero();
            assertThat(count(target, "SELECT count(*) FROM ledger_entries")).isZero();
        }
    }

    /** Every constraint and index of the public schema with its definition, sorted. */
    private static java.util.List<String> definitions(Database database) {
        return database.jdbi().withHandle(h -> h.createQuery("""
                SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(c.oid) FROM pg_constraint c
                  JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public' AND conrelid <> 0
                UNION ALL
                SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
                ORDER BY 1""").mapTo(String.class).list());
    }

    /** A copy of the backup with one entry's text replaced and/or the manifest edited. */
    private static Path rewrite(String name, java.util.function.Function<String, String> replaceEntry,
                                java.util.function.Consumer<ObjectNode> editManifest) throws Exception {
        Path copy = backup.resolveSibling(name);
        try (ZipFile in = new ZipFile(backup.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
            for (ZipEntry entry : java.util.Collections.list(in.entries())) {
                byte[] bytes = in.getInputStream(entry).readAllBytes();
                if (entry.getName().equals(BackupManifest.MANIFEST_ENTRY)) {
                    ObjectNode manifest = (ObjectNode) JSON.readTree(bytes);
                    editManifest.accept(manifest);
                    bytes = JSON.writeValueAsBytes(manifest);
                } else if (replaceEntry.apply(entry.getName()) != null) {
                    bytes = replaceEntry.apply(entry.getName()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        return copy;
    }

    private static void assertClean(Database database) {
        var tx = new JdbiTransactor(database.jdbi());
        LedgerVerification ledger = tx.inTransaction(new PgLedger(tx)::verify);
        assertThat(ledger.balanced()).as("%s", ledger.discrepancies()).isTrue();
        assertThat(new PgAuditLog(tx).verify().intact()).isTrue();
    }

    private static Database emptyDatabase() {
        return new Database(TestPostgres.emptyDatabase(), null, null, 2);
    }

    private static long count(Database database, String sql) {
        return database.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static PrintWriter quiet() {
        return new PrintWriter(new StringWriter());
    }
}
