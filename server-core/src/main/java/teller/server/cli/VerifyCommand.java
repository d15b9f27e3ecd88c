package teller.server.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import teller.server.config.ServerConfig;
import teller.server.db.DatabaseRuntime;
import teller.server.db.JdbiTransactor;
import teller.server.db.PgAuditLog;
import teller.server.db.PgLedger;
import teller.server.ledger.Discrepancy;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Re-check every ledger invariant and the audit hash chain; exit 1 on any discrepancy.")
public final class VerifyCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return verify(common.config(), spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** The whole check against the configured database; exit code 0 (clean), 1 (discrepancies) or 2. */
    public static int verify(ServerConfig config, PrintStream out, PrintStream err) throws IOException {
        return verify(config, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private static int verify(ServerConfig config, PrintWriter out, PrintWriter err) throws IOException {
        try (var runtime = DatabaseRuntime.open(config.withoutStatementTimeout())) {
            if (!runtime.database().ready()) {
                err.println("the database is not migrated; run `migrate` first");
                return 2;
            }
            return verify(runtime.database(), out) ? 0 : 1;
        }
    }

    /** Checks the ledger and the audit chain of an open database, printing the result; true when both are clean. */
    static boolean verify(teller.server.db.Database database, PrintWriter out) {
        var tx = new JdbiTransactor(database.jdbi());
        var ledger = tx.inTransaction(new PgLedger(tx)::verify);
        var audit = new PgAuditLog(tx).verify();
        out.printf("ledger: %s (%d transactions, %d accounts checked)%n",
                ledger.balanced() ? "balanced" : "DISCREPANCIES FOUND", ledger.transactionsChecked(), ledger.accountsChecked());
        for (Discrepancy d : ledger.discrepancies()) {
            out.printf("  %s %s: expected %s, found %s. %s%n", d.kind(), d.subject(), d.expected(), d.actual(), d.message());
        }
        out.printf("audit:  %s (%d rows checked%s)%n", audit.intact() ? "intact" : "BROKEN at row " + audit.firstBrokenId()
                + ": " + audit.problem(), audit.rowsChecked(), audit.unsealed() > 0 ? ", " + audit.unsealed() + " unsealed" : "");
        out.flush();
        return ledger.balanced() && audit.intact();
    }
}
