package teller.server;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import teller.server.cli.BackupCommand;
import teller.server.cli.BenchCommand;
import teller.server.cli.BenchLoadCommand;
import teller.server.cli.ChaosCommand;
import teller.server.cli.RestoreCommand;
import teller.server.cli.CommonOptions;
import teller.server.cli.CreateOperatorCommand;
import teller.server.cli.EventsBenchCommand;
import teller.server.cli.ExportCommand;
import teller.server.cli.ReportBenchCommand;
import teller.server.cli.MigrateCommand;
import teller.server.cli.ServeCommand;
import teller.server.cli.VerifyCommand;

/** The headless jar's command line: {@code java -jar teller-server-core.jar <command>}. */
@Command(name = "teller-server-core", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Teller server-core: approval service, double-entry ledger and HTTP API.",
        subcommands = {ServeCommand.class, MigrateCommand.class, VerifyCommand.class, CreateOperatorCommand.class,
                BenchCommand.class, ExportCommand.class, ReportBenchCommand.class, EventsBenchCommand.class,
                BackupCommand.class, RestoreCommand.class, ChaosCommand.class, BenchLoadCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The exit code of a start refused for a reason the operator can fix ({@link StartupException}). */
    public static final int EXIT_CANNOT_START = 3;

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** The command line over the given environment (where DATABASE_URL and friends are read). */
    public static CommandLine commandLine(Map<String, String> environment) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine commandLine = new CommandLine(new Main(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == CommonOptions.class ? type.cast(new CommonOptions(environment)) : defaults.create(type);
            }
        });
        // A bad start is one line and a non-zero exit, never a stack trace (a bug still gets one).
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            if (exception instanceof StartupException) {
                line.getErr().println("teller-server-core: " + exception.getMessage());
                return EXIT_CANNOT_START;
            }
            throw exception;
        });
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"teller-server-core " + ServerCore.VERSION};
        }
    }
}
