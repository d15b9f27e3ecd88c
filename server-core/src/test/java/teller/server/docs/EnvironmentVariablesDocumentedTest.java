package teller.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import teller.server.risk.LimitRule;

/**
 * Every environment variable the code reads (server, desktop and its client library) is in the
 * README's configuration table (issue 17). The variables are found in the sources: every
 * variable-shaped string in the classes that read settings (`*Settings`, `ServerConfig`, the
 * commands, the desktop's options), every name passed to {@code getenv}, {@code get.apply} or an
 * environment map, and the limit rules, whose names are their variables. A variable added by any
 * branch without its README line fails this test.
 */
class EnvironmentVariablesDocumentedTest {
    private static final Path ROOT = Path.of("..");
    private static final List<Path> SOURCES = List.of(ROOT.resolve("server-core/src/main/java"),
            ROOT.resolve("ui/src/main/java"), ROOT.resolve("app/src/main/java"));
    private static final Pattern SETTINGS_FILE = Pattern.compile(
            ".*(Settings|ServerConfig|CommonOptions|Command|DesktopOptions|ServerTrust|BundledServer|EnvironmentValues|DatabaseRuntime)\\.java");
    private static final Pattern NAME = Pattern.compile("\"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\"");
    private static final Pattern READ = Pattern.compile(
            "(?:get\\.apply|getenv|environment\\(\\)\\.get|env\\.get|env\\.getOrDefault|\\(get,)\\(?\\s*\"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\"");
    /** Variable-shaped strings in those files that are not variables of ours, each with its reason. */
    private static final Map<String, String> NOT_OURS = Map.of(
            "PG_VERSION", "the PostgreSQL data directory's version file",
            "LOCALAPPDATA", "Windows' own folder variable",
            "XDG_DATA_HOME", "the XDG base directory variable");

    static Set<String> variablesRead() {
        Set<String> names = new TreeSet<>();
        for (Path root : SOURCES) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(file);
                    Matcher reads = READ.matcher(text);
                    while (reads.find()) {
                        names.add(reads.group(1));
                    }
                    if (SETTINGS_FILE.matcher(file.getFileName().toString()).matches()) {
                        Matcher all = NAME.matcher(text);
                        while (all.find()) {
                            names.add(all.group(1));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (LimitRule rule : LimitRule.values()) {
            names.add(rule.name());
        }
        names.removeAll(NOT_OURS.keySet());
        return names;
    }

    /**
     * The names in the first column of the README's tables: each backticked name, with
     * {@code {A,B}} expanded and {@code _SUFFIX} read as the previous name with its last part replaced
     * ({@code `GAME_LOAD_API_URL` / `_TOKEN`}).
     */
    static Set<String> documented() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(ROOT.resolve("README.md"))) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String cell = line.substring(1, line.indexOf('|', 1));
            Matcher ticks = Pattern.compile("`([^`]+)`").matcher(cell);
            String previous = null;
            while (ticks.find()) {
                String token = ticks.group(1).trim();
                if (token.startsWith("_") && previous != null && previous.contains("_")) {
                    token = previous.substring(0, previous.lastIndexOf('_')) + token;
                }
                for (String name : expand(token)) {
                    names.add(name);
                }
                previous = token;
            }
        }
        return names;
    }

    private static List<String> expand(String token) {
        int open = token.indexOf('{');
        if (open < 0) {
            return List.of(token);
        }
        int close = token.indexOf('}', open);
        List<String> out = new ArrayList<>();
        for (String option : token.substring(open + 1, close).split(",")) {
            out.addAll(expand(token.substring(0, open) + option.trim() + token.substring(close + 1)));
        }
        return out;
    }

    @Test
    void everyVariableTheCodeReadsIsInTheReadmeTable() throws IOException {
        Set<String> read = variablesRead();
        assertThat(read).as("the scan finds the variables").contains("DATABASE_URL", "TELLER_DEMO",
                "TELLER_DESKTOP_DATA_DIR", "DAILY_DEPOSIT_LIMIT", "TLS_KEYSTORE_PASSWORD");
        Set<String> missing = new TreeSet<>(read);
        missing.removeAll(documented());
        assertThat(missing).as("variables read by the code but missing from the README's configuration table").isEmpty();
    }

    @Test
    void theReadmeTableIsReadAsDocumented() throws IOException {
        assertThat(documented()).contains("GAME_LOAD_API_TOKEN", "RATE_LIMIT_ADDRESS_BURST", "RATE_LIMIT_TOKEN_PER_SECOND");
    }
}
