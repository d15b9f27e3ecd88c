package teller.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The desktop's command line and environment.
 *
 * <pre>
 *   --demo            Local mode works on a separate demo data directory, seeded with demo players and orders
 *   --local           connect with the Local profile at once (no connect screen)
 *   --data-dir DIR    the Local profile's data directory (default ~/.teller/local, or ~/.teller/demo with --demo)
 * </pre>
 * Environment: {@code TELLER_DEMO=true}, {@code TELLER_DESKTOP_DATA_DIR}.
 */
public record DesktopOptions(boolean demo, boolean connectLocal, Path dataDirectory, boolean help) {
    public static final String USAGE = String.join(System.lineSeparator(),
            "Usage: teller-desktop [--demo] [--local] [--data-dir DIR]",
            "  --demo           use a separate demo database seeded with players and a queue of pending orders",
            "  --local          connect to the bundled local server at once",
            "  --data-dir DIR   data directory of the bundled local server",
            "                   (default ~/.teller/local, or ~/.teller/demo with --demo)",
            "Environment: TELLER_DEMO=true, TELLER_DESKTOP_DATA_DIR, TELLER_ADMIN_PASSWORD (local admin's password),",
            "             TELLER_CA_FILE (PEM file of a certificate authority to trust besides the system's).");

    public static DesktopOptions parse(List<String> args, Map<String, String> env) {
        boolean demo = Boolean.parseBoolean(env.getOrDefault("TELLER_DEMO", "false"));
        boolean local = false;
        boolean help = false;
        String dataDir = env.get("TELLER_DESKTOP_DATA_DIR");
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--demo" -> demo = true;
                case "--local" -> local = true;
                case "--help", "-h" -> help = true;
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
        Path home = Path.of(System.getProperty("user.home"), ".teller");
        // Demo players must never mix with an operator's real local data: demo has its own directory.
        Path directory = dataDir != null && !dataDir.isBlank() ? Path.of(dataDir)
                : home.resolve(demo ? "demo" : "local");
        return new DesktopOptions(demo, local, directory.toAbsolutePath(), help);
    }
}
