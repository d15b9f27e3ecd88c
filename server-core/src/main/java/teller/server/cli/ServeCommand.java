package teller.server.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import teller.server.ServerCore;
import teller.server.config.ServerConfig;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the HTTP API (embedded PostgreSQL unless DATABASE_URL is set).")
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--port", description = "HTTP port (default ${DEFAULT-VALUE}; 0 picks a free one).",
            defaultValue = "" + ServerConfig.PORT_DEFAULT)
    int port;

    @Option(names = "--demo", description = "Seed demo players and a queue of pending orders into an empty database.")
    boolean demo;

    @Option(names = "--sandbox-providers",
            description = "Use SANDBOX game-load and payout providers where none is configured (executes nothing real).")
    boolean sandboxProviders;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = common.config().toBuilder().port(port).demo(demo)
                .sandboxProviders(sandboxProviders || common.config().sandboxProviders()).build();
        ServerCore server = ServerCore.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "teller-shutdown"));
        System.out.println("Teller server-core is listening on " + server.baseUrl() + " (Ctrl+C stops it)");
        stopped.await();
        return 0;
    }
}
