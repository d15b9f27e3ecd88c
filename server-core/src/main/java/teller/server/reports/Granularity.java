package teller.server.reports;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

/** How report rows are grouped in time; rollups are daily and coarser periods are sums of days. */
public enum Granularity {
    DAY, WEEK, MONTH;

    /** The first day of the period that contains {@code day} (ISO weeks start on Monday). */
    public LocalDate periodStart(LocalDate day) {
        return switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
    }
}
