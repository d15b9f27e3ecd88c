package teller.server.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;
import teller.server.config.ServerConfig;

/** Options every command shares: where the data lives. Database settings come from the environment. */
public final class CommonOptions {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory (embedded database, generated secrets). Default: ~/.teller or TELLER_DATA_DIR.")
    Path dataDirectory;

    private final Map<String, String> environment;

    /** Reads the process environment. */
    public CommonOptions() {
        this(System.getenv());
    }

    /** Reads the given environment instead, so the commands can be run in-process (tests, the desktop app). */
    public CommonOptions(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    Map<String, String> environment() {
        return environment;
    }

    ServerConfig config() {
        ServerConfig config = ServerConfig.fromEnvironment(environment);
        return dataDirectory == null ? config : config.toBuilder().dataDirectory(dataDirectory).build();
    }
}
