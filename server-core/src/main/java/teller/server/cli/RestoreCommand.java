package teller.server.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import teller.server.config.ServerConfig;
import teller.server.db.BackupManifest;
import teller.server.db.DatabaseRestore;
import teller.server.db.DatabaseRuntime;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a backup FILE into an empty database (a new --data-dir, or an empty DATABASE_URL), "
                + "migrate it to this version's schema and verify the ledger and the audit chain.")
public final class RestoreCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "The backup file to restore.")
    Path from;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(from)) {
            err.println("--from: " + from.toAbsolutePath() + " is not a file; nothing written");
            return 2;
        }
        return restore(common.config(), from, spec.commandLine().getOut(), err);
    }

    /** Exit status 0 (restored, verify clean), 1 (restored, verify found discrepancies) or 2 (refused, nothing written). */
    public static int restore(ServerConfig config, Path from, PrintWriter stdout, PrintWriter err) throws Exception {
        long started = System.nanoTime();
        BackupManifest manifest;
        try {
            // The whole file is checked before a database is even started.
            err.println("checking " + from.toAbsolutePath());
            manifest = DatabaseRestore.check(from, err);
        } catch (DatabaseRestore.BadBackupException | DatabaseRestore.RefusedException refused) {
            err.println("refused: " + refused.getMessage() + "; nothing written");
            return 2;
        }
        // Like `verify`: loading, building keys and verifying a large ledger outlast a request's statement timeout.
        try (var runtime = DatabaseRuntime.open(config.withoutStatementTimeout())) {
            err.println("restoring " + from.toAbsolutePath() + " into " + runtime.database().description());
            try {
                manifest = DatabaseRestore.restoreChecked(runtime.database(), from, manifest, err);
            } catch (DatabaseRestore.BadBackupException | DatabaseRestore.RefusedException refused) {
                err.println("refused: " + refused.getMessage() + "; nothing written");
                return 2;
            }
            stdout.printf("restored %d tables, %,d rows at schema version %s (now %s) in %s%n", manifest.tables().size(),
                    manifest.rows(), manifest.schemaVersion(), runtime.database().schemaVersion(),
                    DatabaseBackupTime.since(started));
            long verifying = System.nanoTime();
            boolean clean = VerifyCommand.verify(runtime.database(), stdout);
            stdout.flush();
            err.println("verified in " + DatabaseBackupTime.since(verifying) + "; restore and verify took "
                    + DatabaseBackupTime.since(started));
            err.flush();
            return clean ? 0 : 1;
        }
    }
}
