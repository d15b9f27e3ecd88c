package teller.server.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The production command line ({@code serve}) in a JVM of its own, configured only through its
 * environment, on a database the test shares with it: for tests of several replicas and crashes.
 */
public final class ChildServer {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final Duration START_MAX = Duration.ofSeconds(90);

    private ChildServer() {
    }

    /**
     * Starts {@code serve} on {@code databaseUrl} with the test admin password, writing its output
     * to {@code log}; {@code environment} adds or overrides variables (nothing else is inherited
     * but PATH and HOME).
     */
    public static Process start(String databaseUrl, Path log, Map<String, String> environment) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "teller.server.Main", "serve",
                "--port", "0", "--data-dir", Files.createTempDirectory("teller-child-data").toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> !name.equals("PATH") && !name.equals("HOME"));
        env.put("DATABASE_URL", databaseUrl);
        env.put("TELLER_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
        env.putAll(environment);
        return builder.start();
    }

    /** The child's base URL once its log says it listens; fails if it exits or takes longer than 90 s. */
    public static String awaitListening(Process child, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_MAX.toNanos();
        while (System.nanoTime() < deadline) {
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Matcher matcher = LISTENING.matcher(output);
            if (matcher.find()) {
                return matcher.group(1);
            }
            if (!child.isAlive()) {
                throw new AssertionError("child exited with " + child.exitValue() + ":\n" + output);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("child did not start within " + START_MAX + ":\n" + Files.readString(log));
    }
}
