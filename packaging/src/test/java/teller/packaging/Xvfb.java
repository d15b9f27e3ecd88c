package teller.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** A virtual X display of this test's own, on the first free display number from 90 up; stopped on close. */
final class Xvfb implements AutoCloseable {
    private static final int FIRST_DISPLAY = 90;
    private static final int DISPLAYS_TRIED_MAX = 60;
    private static final Duration START_WAIT = Duration.ofSeconds(30);

    private final Process process;
    private final String display;

    private Xvfb(Process process, String display) {
        this.process = process;
        this.display = display;
    }

    static Xvfb start() throws IOException, InterruptedException {
        for (int number = FIRST_DISPLAY; number < FIRST_DISPLAY + DISPLAYS_TRIED_MAX; number++) {
            Path socket = Path.of("/tmp/.X11-unix/X" + number);
            if (Files.exists(socket) || Files.exists(Path.of("/tmp/.X" + number + "-lock"))) {
                continue;
            }
            Process xvfb = new ProcessBuilder("Xvfb", ":" + number, "-screen", "0", "1280x800x24", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Instant deadline = Instant.now().plus(START_WAIT);
            while (xvfb.isAlive() && !Files.exists(socket) && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            if (xvfb.isAlive() && Files.exists(socket)) {
                return new Xvfb(xvfb, ":" + number);
            }
            xvfb.destroyForcibly();
            // Another process took this number at the same moment: try the next one.
        }
        throw new IOException("no free X display between :" + FIRST_DISPLAY + " and :" + (FIRST_DISPLAY + DISPLAYS_TRIED_MAX));
    }

    String display() {
        return display;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
