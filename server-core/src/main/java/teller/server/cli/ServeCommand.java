package teller.server.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import teller.server.ServerCore;
import teller.server.config.ServerConfig;
import teller.server.config.TlsSettings;

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

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "Serve HTTPS only, with the key and certificate in this PKCS12 file (overrides TLS_KEYSTORE). "
                    + "Its password is read from TLS_KEYSTORE_PASSWORD, never from the command line.")
    Path tlsKeystore;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = common.config().toBuilder().port(port).demo(demo)
                .sandboxProviders(sandboxProviders || common.config().sandboxProviders()).tls(tls()).build();
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

    private TlsSettings tls() {
        if (tlsKeystore == null) {
            return common.config().tls();
        }
        // A flag would show the password to everyone who can list processes.
        String password = common.environment().get(TlsSettings.PASSWORD_SETTING);
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException("--tls-keystore is set but " + TlsSettings.PASSWORD_SETTING
                    + " is not: set it in the environment to the password of " + tlsKeystore);
        }
        return new TlsSettings(tlsKeystore, password.trim());
    }
}
