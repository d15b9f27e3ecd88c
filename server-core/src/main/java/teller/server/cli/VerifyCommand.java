package teller.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
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
        var out = spec.commandLine().getOut();
        try (var runtime = DatabaseRuntime.open(common.config())) {
            if (!runtime.database().ready()) {
                spec.commandLine().getErr().println("the database is not migrated; run `migrate` first");
                return 2;
            }
            var tx = new JdbiTransactor(runtime.database().jdbi());
            var ledger = tx.inTransaction(new PgLedger(tx)::verify);
            var audit = new PgAuditLog(tx).verify();
            out.printf("ledger: %s (%d transactions, %d accounts checked)%n",
                    ledger.balanced() ? "balanced" : "DISCREPANCIES FOUND", ledger.transactionsChecked(), ledger.accountsChecked());
            for (Discrepancy d : ledger.discrepancies()) {
                out.printf("  %s %s: expected %s, found %s. %s%n", d.kind(), d.subject(), d.expected(), d.actual(), d.message());
            }
            out.printf("audit:  %s (%d rows checked%s)%n", audit.intact() ? "intact" : "BROKEN at row " + audit.firstBrokenId()
                    + ": " + audit.problem(), audit.rowsChecked(), audit.unsealed() > 0 ? ", " + audit.unsealed() + " unsealed" : "");
            return ledger.balanced() && audit.intact() ? 0 : 1;
        }
    }
}
