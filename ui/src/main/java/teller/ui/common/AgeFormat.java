package teller.ui.common;

import java.time.Duration;
import java.time.Instant;

/** How long an order has waited, as an operator scans it: {@code 45s}, {@code 12m}, {@code 3h 05m}, {@code 2d 4h}. */
public final class AgeFormat {
    private AgeFormat() {
    }

    public static String since(Instant from, Instant now) {
        if (from == null || now == null) {
            return "";
        }
        Duration age = Duration.between(from, now);
        if (age.isNegative()) {
            // Clocks of the console and the server differ a little; a future time is "just now".
            age = Duration.ZERO;
        }
        long seconds = age.getSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3_600) {
            return (seconds / 60) + "m";
        }
        if (seconds < 86_400) {
            return String.format("%dh %02dm", seconds / 3_600, (seconds % 3_600) / 60);
        }
        return String.format("%dd %dh", seconds / 86_400, (seconds % 86_400) / 3_600);
    }
}
