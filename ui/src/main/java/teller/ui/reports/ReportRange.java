package teller.ui.reports;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The days a report covers, checked as they are chosen or typed (issue 16: every typed field is
 * checked and named): a day as YYYY-MM-DD in each field, From on or before To, at most
 * {@link ReportsViewModel#RANGE_DAYS_MAX} days. The view model's part that needs no FX thread.
 */
final class ReportRange {
    private final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper errorField = new ReadOnlyStringWrapper("");
    /** What was typed in From or To and is no day; "" when the field holds a day (or nothing). */
    private String fromTypedInvalid = "";
    private String toTypedInvalid = "";

    /** The last {@code days} days up to {@code today}, today included. */
    ReportRange(LocalDate today, int days) {
        to.set(today);
        from.set(today.minusDays(days - 1L));
        validate();
        from.addListener((o, was, now) -> {
            if (now != null) {
                fromTypedInvalid = "";
            }
            validate();
        });
        to.addListener((o, was, now) -> {
            if (now != null) {
                toTypedInvalid = "";
            }
            validate();
        });
    }

    ObjectProperty<LocalDate> fromProperty() {
        return from;
    }

    ObjectProperty<LocalDate> toProperty() {
        return to;
    }

    /** Why the range cannot be used, or "" when it can. */
    ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The field the error is about: {@code from} or {@code to}, "" when none. */
    ReadOnlyStringProperty errorFieldProperty() {
        return errorField.getReadOnlyProperty();
    }

    /** The text typed in From: the day, or null (and the error named on From) when it is no day. */
    LocalDate typedFrom(String text) {
        LocalDate day = parseDay(text);
        fromTypedInvalid = invalid(day, text);
        validate();
        return day;
    }

    /** As {@link #typedFrom(String)}, for To. */
    LocalDate typedTo(String text) {
        LocalDate day = parseDay(text);
        toTypedInvalid = invalid(day, text);
        validate();
        return day;
    }

    private static String invalid(LocalDate day, String text) {
        return day == null && text != null && !text.isBlank() ? text.strip() : "";
    }

    private static LocalDate parseDay(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String notADay(String field, String typed) {
        return field + ": \"" + typed + "\" is not a day; type it as YYYY-MM-DD, e.g. 2026-12-07";
    }

    /** Checks the range, sets the error (or clears it); true when a report may be asked for. */
    boolean validate() {
        LocalDate f = from.get();
        LocalDate t = to.get();
        String message = "";
        String field = "";
        if (!fromTypedInvalid.isEmpty()) {
            message = notADay("From", fromTypedInvalid);
            field = "from";
        } else if (!toTypedInvalid.isEmpty()) {
            message = notADay("To", toTypedInvalid);
            field = "to";
        } else if (f == null) {
            message = "From: choose the first day of the report";
            field = "from";
        } else if (t == null) {
            message = "To: choose the last day of the report";
            field = "to";
        } else if (f.isAfter(t)) {
            message = "From (" + f + ") must be on or before To (" + t + ")";
            field = "from";
        } else if (ChronoUnit.DAYS.between(f, t) >= ReportsViewModel.RANGE_DAYS_MAX) {
            message = "To: a report covers at most " + ReportsViewModel.RANGE_DAYS_MAX + " days";
            field = "to";
        }
        error.set(message);
        errorField.set(field);
        return message.isEmpty();
    }
}
