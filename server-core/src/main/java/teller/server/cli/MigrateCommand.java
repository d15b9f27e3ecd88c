package teller.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import teller.server.db.DatabaseRuntime;

@Command(name = "migrate", mixinStandardHelpOptions = true, description = "Apply database migrations and exit.")
public final class MigrateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        try (var db = DatabaseRuntime.open(common.config())) {
            var result = db.database().migrate();
            out.println("migrations applied: " + result.migrationsExecuted + "; schema at version "
                    + db.database().schemaVersion());
        }
        return 0;
    }
}
