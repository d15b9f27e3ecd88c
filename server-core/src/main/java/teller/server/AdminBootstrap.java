package teller.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import teller.server.auth.AuthService;
import teller.server.config.ServerConfig;

/** The first start's administrator: created with a generated password unless one is configured. */
final class AdminBootstrap {
    private AdminBootstrap() {
    }

    /** The generated password, also written to {@link ServerCore#ADMIN_PASSWORD_FILE}; empty if none was generated. */
    static Optional<String> ensureAdmin(AuthService auth, ServerConfig config) throws IOException {
        Optional<String> generated = auth.ensureAdmin(config.adminUsername(), config.adminPassword());
        if (generated.isPresent()) {
            Path file = config.dataDirectory().resolve(ServerCore.ADMIN_PASSWORD_FILE);
            Files.writeString(file, generated.get() + System.lineSeparator());
            restrictToOwner(file);
            // Shown once, on purpose: this is the only way a first-time operator learns it.
            System.out.println("Generated password for operator '" + config.adminUsername() + "': " + generated.get());
            System.out.println("(also written to " + file + ", readable only by you)");
        }
        return generated;
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            var f = file.toFile();
            f.setReadable(false, false);
            f.setReadable(true, true);
            f.setWritable(false, false);
            f.setWritable(true, true);
        }
    }
}
