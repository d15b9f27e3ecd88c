package teller.server.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the zonky PostgreSQL binaries as an unprivileged uid ({@code setpriv}) for a root process
 * on a machine without user namespaces. The binaries are unpacked where that uid can read them,
 * the data directory is owned by it, and every parent of both is made traversable.
 */
final class SetprivPostgres extends EmbeddedPostgres {
    private static final Logger log = LoggerFactory.getLogger(SetprivPostgres.class);
    static final int UNPRIVILEGED_ID = 65534;
    private static final Path BINARIES_ROOT = Path.of(System.getProperty("java.io.tmpdir"), "teller-embedded-pg");
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final Path binaries;
    private final Path pgData;
    private final int port;

    private SetprivPostgres(Path binaries, Path pgData, int port) {
        this.binaries = binaries;
        this.pgData = pgData;
        this.port = port;
    }

    static SetprivPostgres start(Path pgData) throws IOException {
        Path binaries = unpackBinaries();
        makeTraversable(pgData.getParent());
        if (!Files.exists(pgData.resolve("PG_VERSION"))) {
            Files.createDirectories(pgData);
            own(pgData);
            run(List.of(binaries.resolve("bin/initdb").toString(), "-A", "trust", "-U", USER, "-D", pgData.toString(),
                    "-E", "UTF-8"), "initdb");
        }
        own(pgData);
        int port = freePort();
        launch(binaries, pgData, port);
        log.info("embedded PostgreSQL running as uid {} on port {}", UNPRIVILEGED_ID, port);
        return new SetprivPostgres(binaries, pgData, port);
    }

    private static void launch(Path binaries, Path pgData, int port) throws IOException {
        run(List.of(binaries.resolve("bin/pg_ctl").toString(), "-D", pgData.toString(), "-l",
                pgData.resolve("server.log").toString(), "-o",
                "-p " + port + " -h 127.0.0.1 -c unix_socket_directories='' -c max_connections=200" + durabilityOptions(),
                "-w", "-t",
                String.valueOf(STARTUP_WAIT.toSeconds()), "start"), "pg_ctl start");
    }

    @Override
    public Path pgData() {
        return pgData;
    }

    @Override
    public synchronized void restart() throws IOException {
        requireCluster(pgData);
        launch(binaries, pgData, port);
    }

    private static String durabilityOptions() {
        StringBuilder options = new StringBuilder();
        DURABILITY.forEach((name, value) -> options.append(" -c ").append(name).append('=').append(value));
        return options.toString();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public synchronized void close() {
        try {
            run(List.of(binaries.resolve("bin/pg_ctl").toString(), "-D", pgData.toString(), "-m", "fast", "-w", "stop"),
                    "pg_ctl stop");
        } catch (IOException e) {
            log.warn("embedded PostgreSQL did not stop cleanly", e);
        }
    }

    private static Path unpackBinaries() throws IOException {
        String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64v8" : "amd64";
        Path target = BINARIES_ROOT.resolve("linux-" + arch);
        if (Files.exists(target.resolve("bin/pg_ctl"))) {
            return target;
        }
        Path staging = Files.createTempDirectory(BINARIES_ROOT.getParent(), "teller-embedded-pg-unpack");
        try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", arch);
             var tar = new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(txz)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = staging.resolve(entry.getName()).normalize();
                if (!out.startsWith(staging)) {
                    throw new IOException("refusing archive entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out);
                    boolean executable = (entry.getMode() & 0100) != 0;
                    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        try (var paths = Files.walk(staging)) {
            for (Path dir : paths.filter(Files::isDirectory).toList()) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        Files.createDirectories(BINARIES_ROOT);
        makeTraversable(BINARIES_ROOT);
        try {
            Files.move(staging, target);
        } catch (IOException raced) {
            if (!Files.exists(target.resolve("bin/pg_ctl"))) {
                throw raced;
            }
        }
        return target;
    }

    /** Gives others the execute bit on {@code dir} and each parent, so the unprivileged uid can reach it. */
    private static void makeTraversable(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                log.warn("making {} traversable (o+x) so PostgreSQL's unprivileged uid can reach its files", p);
                perms.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(p, perms);
            }
        }
    }

    private static void own(Path pgData) throws IOException {
        run(List.of("chown", "-R", UNPRIVILEGED_ID + ":" + UNPRIVILEGED_ID, pgData.toString()), "chown", false);
        Files.setPosixFilePermissions(pgData, PosixFilePermissions.fromString("rwx------"));
    }

    private static void run(List<String> command, String what) throws IOException {
        run(command, what, true);
    }

    private static void run(List<String> command, String what, boolean unprivileged) throws IOException {
        List<String> full = new ArrayList<>();
        if (unprivileged) {
            full.addAll(List.of("setpriv", "--reuid=" + UNPRIVILEGED_ID, "--regid=" + UNPRIVILEGED_ID, "--clear-groups"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(what + " did not finish in " + COMMAND_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + " interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(what + " failed (exit " + process.exitValue() + "): " + output.strip());
        }
    }
}
