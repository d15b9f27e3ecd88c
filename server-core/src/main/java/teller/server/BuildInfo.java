package teller.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What this build is: its version and the version of the PostgreSQL binaries it embeds, written into
 * {@code teller/server/build.properties} by Maven, so they are the same from a jar, an installed
 * bundle or the classes of a checkout.
 */
public final class BuildInfo {
    private static final String RESOURCE = "/teller/server/build.properties";
    private static final Properties PROPERTIES = load();

    /** This build's version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static final String VERSION = PROPERTIES.getProperty("version", "dev");
    /** The version of the embedded PostgreSQL binaries, e.g. {@code 17.11.0}. */
    public static final String POSTGRES_BINARIES = PROPERTIES.getProperty("postgres.binaries", "unknown");

    private BuildInfo() {
    }

    /** The major version of the embedded PostgreSQL, e.g. 17; -1 when the build did not record it. */
    public static int postgresMajorVersion() {
        return majorOf(POSTGRES_BINARIES);
    }

    static int majorOf(String version) {
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version.trim() : version.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        // Unfiltered (an IDE that copies resources itself): say so rather than print "${project.version}".
        properties.entrySet().removeIf(e -> e.getValue().toString().startsWith("${"));
        return properties;
    }
}
