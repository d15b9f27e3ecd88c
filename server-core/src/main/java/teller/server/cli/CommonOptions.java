package teller.server.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import teller.server.config.ServerConfig;

/** Options every command shares: where the data lives. Database settings come from the environment. */
public final class CommonOptions {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory (embedded database, generated secrets). Default: ~/.teller or TELLER_DATA_DIR.")
    Path dataDirectory;

    ServerConfig config() {
        ServerConfig config = ServerConfig.fromEnvironment(System.getenv());
        return dataDirectory == null ? config : config.toBuilder().dataDirectory(dataDirectory).build();
    }
}
