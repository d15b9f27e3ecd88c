package teller.server.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import teller.server.auth.AuthService;
import teller.server.auth.AuthSettings;
import teller.server.auth.PasswordHasher;
import teller.server.auth.Role;
import teller.server.common.Actor;
import teller.server.common.DomainException;
import teller.server.db.DatabaseRuntime;
import teller.server.db.JdbiTransactor;
import teller.server.db.PgAuditLog;
import teller.server.db.PgOperatorStore;
import teller.server.db.PgSessionStore;

/** Creates an operator. The password is never a command-line argument (other users can see those). */
@Command(name = "create-operator", mixinStandardHelpOptions = true,
        description = "Create an operator. The password is read from TELLER_NEW_OPERATOR_PASSWORD, or from standard input.")
public final class CreateOperatorCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--username", required = true, description = "Login name: 2-64 of a-z, 0-9, '_', '.', '-'.")
    String username;

    @Option(names = "--role", required = true, split = ",",
            description = "Role(s): ${COMPLETION-CANDIDATES}. Repeat or separate with commas.")
    List<Role> roles;

    @Override
    public Integer call() throws Exception {
        String password = common.environment().get("TELLER_NEW_OPERATOR_PASSWORD");
        if (password == null) {
            if (System.console() != null) {
                char[] typed = System.console().readPassword("Password for %s: ", username);
                password = typed == null ? "" : new String(typed);
            } else {
                password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
        }
        try (var runtime = DatabaseRuntime.open(common.config())) {
            runtime.database().migrate();
            var tx = new JdbiTransactor(runtime.database().jdbi());
            var auth = new AuthService(tx, new PgOperatorStore(tx), new PgSessionStore(tx), new teller.server.db.PgLoginFailures(tx), new PgAuditLog(tx),
                    new PasswordHasher(), Clock.systemUTC(), AuthSettings.defaults());
            var created = auth.createOperator(username, password, EnumSet.copyOf(roles), Actor.system("cli"));
            spec.commandLine().getOut().println("operator " + created.username() + " created with roles " + created.roles());
            return 0;
        } catch (DomainException e) {
            spec.commandLine().getErr().println("refused: " + e.getMessage());
            return 1;
        }
    }
}
