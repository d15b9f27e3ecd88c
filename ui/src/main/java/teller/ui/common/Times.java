package teller.ui.common;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Times as the console shows them: in the desktop's time zone (or one given, for tests), to the
 * minute, or to the second where the order of events matters (audit log, histories, ledger).
 */
public final class Times {
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String NONE = "—";

    private Times() {
    }

    /** {@code 2026-12-07 15:04}; "—" for no time. */
    public static String format(Instant at) {
        return at == null ? NONE : MINUTES.format(at.atZone(ZoneId.systemDefault()));
    }

    /** {@code 2026-12-07 15:04:09}; "—" for no time. */
    public static String formatSeconds(Instant at) {
        return formatSeconds(at, ZoneId.systemDefault(), NONE);
    }

    /** {@code 2026-12-07 15:04:09}, as the tables of histories, statements and the ledger show it; "" for no time. */
    public static String local(Instant at) {
        return formatSeconds(at, ZoneId.systemDefault(), "");
    }

    /** {@code 2026-12-07 15:04:09} in {@code zone}; {@code none} for no time. */
    public static String formatSeconds(Instant at, ZoneId zone, String none) {
        return at == null ? none : SECONDS.format(at.atZone(zone));
    }
}
