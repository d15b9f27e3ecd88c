package teller.ui.operators;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times as the console shows them: local time zone, to the minute (or second for the audit log). */
public final class Times {
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Times() {
    }

    public static String format(Instant at) {
        return at == null ? "—" : MINUTES.format(at.atZone(ZoneId.systemDefault()));
    }

    public static String formatSeconds(Instant at) {
        return at == null ? "—" : SECONDS.format(at.atZone(ZoneId.systemDefault()));
    }
}
