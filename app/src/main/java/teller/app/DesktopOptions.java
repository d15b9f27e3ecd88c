package teller.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The desktop's command line and environment.
 *
 * <pre>
 *   --demo            Local mode works on a separate demo database, seeded with demo players and orders
 *   --local           connect with the Local profile at once (no connect screen)
 *   --data-dir DIR    the desktop's data directory (default: the system's place, see DataDirectories)
 *   --version         print the version and exit
 * </pre>
 * Environment: {@code TELLER_DEMO=true}, {@code TELLER_DESKTOP_DATA_DIR}.
 *
 * <p>The data directory holds everything of this desktop: the Local profile's database in
 * {@code local/} (demo data in {@code demo/}, decision 0021), the log files in {@code logs/} and the
 * remembered preferences.
 */
public record DesktopOptions(boolean demo, boolean connectLocal, Path dataDirectory, boolean help, boolean version) {
    public static final String LOCAL_DIRECTORY = "local";
    public static final String DEMO_DIRECTORY = "demo";
    public static final String USAGE = String.join(System.lineSeparator(),
            "Usage: teller [--demo] [--local] [--data-dir DIR] [--version]",
            "  --demo           use a separate demo database seeded with players and a queue of pending orders",
            "  --local          connect to the bundled local server at once",
            "  --data-dir DIR   the data directory: the local database, logs and preferences (default: "
                    + "~/.local/share/teller, %LOCALAPPDATA%\\Teller or ~/Library/Application Support/Teller)",
            "  --version        print the version and exit",
            "Environment: TELLER_DEMO=true, TELLER_DESKTOP_DATA_DIR, TELLER_ADMIN_PASSWORD (local admin's password),",
            "             TELLER_CA_FILE (PEM file of a certificate authority to trust besides the system's).");

    /** Parses the command line; the default data directory is this system's place. */
    public static DesktopOptions parse(List<String> args, Map<String, String> env) {
        return parse(args, env, DataDirectories.forThisSystem(env));
    }

    public static DesktopOptions parse(List<String> args, Map<String, String> env, Path defaultDataDirectory) {
        boolean demo = Boolean.parseBoolean(env.getOrDefault("TELLER_DEMO", "false"));
        boolean local = false;
        boolean help = false;
        boolean version = false;
        String dataDir = env.get("TELLER_DESKTOP_DATA_DIR");
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--demo" -> demo = true;
                case "--local" -> local = true;
                case "--help", "-h" -> help = true;
                case "--version", "-V" -> version = true;
                case "--data-dir" -> {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("--data-dir needs a directory");
                    }
                    dataDir = args.get(++i);
                }
                default -> {
                    if (arg.startsWith("--data-dir=")) {
                        dataDir = arg.substring("--data-dir=".length());
                    } else {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                }
            }
        }
        Path directory = dataDir != null && !dataDir.isBlank() ? Path.of(dataDir) : defaultDataDirectory;
        return new DesktopOptions(demo, local, directory.toAbsolutePath(), help, version);
    }

    /**
     * The Local profile's server data (its embedded database): demo players must never mix with an
     * operator's real local data, so demo data has its own directory.
     */
    public Path localServerDirectory() {
        return localServerDirectory(dataDirectory, demo, Path.of(System.getProperty("user.home"), ".teller"));
    }

    /**
     * Where the Local profile's database is, including the layout of a Teller before 0.1.0 (decision
     * 0065): {@code --data-dir X} then named the Local database's own directory, so its cluster is
     * {@code X/pgdata}, where this layout expects {@code X/local/pgdata}. Such a directory is opened where
     * it is, rather than starting an empty database beside it, as long as {@code X/local} has no cluster
     * of its own. Demo data never adopts it (it could be real data), and neither does the headless
     * server's default data directory ({@code ~/.teller}, whose {@code pgdata} is the server's own).
     */
    static Path localServerDirectory(Path dataDirectory, boolean demo, Path headlessServerDefault) {
        Path current = dataDirectory.resolve(demo ? DEMO_DIRECTORY : LOCAL_DIRECTORY);
        boolean earlierLayout = !demo
                && !Files.exists(current.resolve("pgdata"))
                && Files.isRegularFile(dataDirectory.resolve("pgdata").resolve("PG_VERSION"))
                && !dataDirectory.toAbsolutePath().normalize().equals(headlessServerDefault.toAbsolutePath().normalize());
        return earlierLayout ? dataDirectory : current;
    }
}
