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
import teller.server.ServerCore;
import teller.server.config.ServerConfig;
import teller.server.db.BackupManifest;
import teller.server.db.DatabaseBackup;
import teller.server.db.DatabaseRuntime;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Write a consistent online backup of the database (embedded, or DATABASE_URL) to FILE; "
                + "works while a server runs on the same data dir. Format: docs/reliability.md.")
public final class BackupCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The backup file to create (must not exist).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        String problem = problemWithTarget(out);
        if (problem != null) {
            err.println("--out: " + problem + "; nothing written");
            return 2;
        }
        return backup(common.config(), out, stdout, err);
    }

    /** Why {@code out} cannot be a new backup file, or null (the one rule, {@link DatabaseBackup#problemWithTarget}). */
    static String problemWithTarget(Path out) {
        return DatabaseBackup.problemWithTarget(out);
    }

    /** Backs up the configured database to {@code out}; exit status 0, or 2 when it cannot. */
    public static int backup(ServerConfig config, Path out, PrintWriter stdout, PrintWriter err) throws Exception {
        long started = System.nanoTime();
        try (var runtime = DatabaseRuntime.openShared(config)) {
            if (!runtime.database().ready()) {
                err.println("the database is not migrated; nothing to back up");
                return 2;
            }
            err.println("backing up " + runtime.database().description() + " to " + out.toAbsolutePath());
            DatabaseBackup.Written written = DatabaseBackup.writeRecorded(runtime.database(), ServerCore.VERSION,
                    out.toAbsolutePath(), config.embeddedDatabase() ? config.dataDirectory() : null, err, () -> false);
            BackupManifest manifest = written.manifest();
            stdout.printf("backup written to %s: %d tables, %,d rows, schema version %s, %.1f MB in %s%n",
                    out.toAbsolutePath(), manifest.tables().size(), manifest.rows(), manifest.schemaVersion(),
                    written.last().bytes() / 1e6, DatabaseBackupTime.since(started));
            stdout.flush();
            return 0;
        }
    }
}
