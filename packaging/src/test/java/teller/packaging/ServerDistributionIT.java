package teller.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headless server distribution as a team's administrator unpacks it: the scripts, the examples and
 * the jar without an embedded PostgreSQL, which says in one line that it needs DATABASE_URL; and the
 * platform jar beside it, which has this platform's PostgreSQL and no other's.
 */
class ServerDistributionIT {
    private static final Path DIST = Path.of(System.getProperty("teller.dist", "target/dist"));
    private static final String VERSION = System.getProperty("teller.version", "");
    private static final String PLATFORM = System.getProperty("teller.platform", "");
    private static final String NAME = "teller-server-" + VERSION;

    @TempDir
    Path temp;

    @Test
    void theTarballHasTheScriptsTheExamplesAndTheJarWithoutEmbeddedPostgres() throws Exception {
        assumeTrue(!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows"),
                "tar and a POSIX shell script are checked where they run");
        Commands.runOk("tar", "-xzf", DIST.resolve(NAME + ".tar.gz").toString(), "-C", temp.toString());
        Path root = temp.resolve(NAME);
        assertThat(root.resolve("bin/teller-server")).isExecutable();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("bin/teller-server"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(root.resolve("bin/teller-server.bat")).isRegularFile();
        assertThat(Files.readString(root.resolve("teller-server.env"))).contains("DATABASE_URL=");
        assertThat(Files.readString(root.resolve("teller-server.service"))).contains("ExecStart=/opt/teller-server/bin/teller-server serve");
        assertThat(Files.readString(root.resolve("README.md"))).contains("DATABASE_URL");
        assertThat(Files.readString(root.resolve("bom.json"))).as("the CycloneDX SBOM ships inside")
                .contains("\"bomFormat\" : \"CycloneDX\"").contains("teller-server-core");

        Commands.Result version = Commands.run(null, Map.of(), root.resolve("bin/teller-server").toString(), "--version");
        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.output().strip()).isEqualTo("teller-server-core " + VERSION);

        Commands.Result serve = Commands.run(null, Map.of("TELLER_DATA_DIR", temp.resolve("data").toString(),
                "TELLER_ADMIN_PASSWORD", "distribution-admin-1"), root.resolve("bin/teller-server").toString(), "serve",
                "--port", "0");
        assertThat(serve.exitCode()).as(serve.output()).isEqualTo(3);
        assertThat(serve.output().lines().filter(l -> l.startsWith("teller-server-core: ")).toList())
                .singleElement().asString().contains("has no embedded PostgreSQL").contains("set DATABASE_URL");
        assertThat(serve.output()).doesNotContain("\tat ");
    }

    @Test
    void theZipHasTheSameFiles() throws Exception {
        try (ZipFile zip = new ZipFile(DIST.resolve(NAME + ".zip").toFile())) {
            for (String file : new String[] {"bin/teller-server", "bin/teller-server.bat", "lib/teller-server-core.jar",
                    "teller-server.env", "teller-server.service", "README.md", "bom.json"}) {
                assertThat(zip.getEntry(NAME + "/" + file)).as(file).isNotNull();
            }
        }
    }

    @Test
    void onlyThePlatformJarEmbedsPostgresAndOnlyThisPlatforms() throws Exception {
        try (ZipFile noDatabase = new ZipFile(DIST.resolve("teller-server-core-" + VERSION + ".jar").toFile());
             ZipFile platform = new ZipFile(DIST.resolve("teller-server-core-" + VERSION + "-" + PLATFORM + ".jar").toFile())) {
            assertThat(noDatabase.stream().map(e -> e.getName()).filter(n -> n.startsWith("postgres-"))).isEmpty();
            assertThat(noDatabase.getEntry("teller/server/Main.class")).isNotNull();
            assertThat(platform.stream().map(e -> e.getName()).filter(n -> n.matches("postgres-.*\\.txz")))
                    .as("one platform's binaries").hasSize(1);
        }
    }
}
