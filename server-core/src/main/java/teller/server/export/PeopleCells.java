package teller.server.export;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import teller.server.reports.Granularity;

/**
 * How a report reads in the files meant for people (CSV, XLSX, PDF; issue 16): human column
 * headers, amounts in the currency's major unit with its decimals ({@code 2205.00}, never the
 * minor units {@code 220500} the API and JSON carry), and periods named as the granularity groups
 * them ("2026-W49", "2026-12"). The one place these rules live; JSON stays machine-shaped.
 */
public final class PeopleCells {
    /** Per report, the columns that hold amounts in minor units of the row's {@code currency}. */
    public static final Map<String, Set<String>> MONEY_COLUMNS = Map.of(
            "balance-flow", Set.of("deposits", "withdrawals", "voidedDeposits", "voidedWithdrawals", "netFlow"),
            "profit-by-game", Set.of("loads", "redemptions", "voidedLoads", "voidedRedemptions", "profit"),
            "voids", Set.of("amount"),
            "daily-summary", Set.of("deposits", "withdrawals", "gameLoads", "voids", "netFlow"),
            "risk-exposure", Set.of("amount"));
    /** Summary entries that map a currency to minor units. */
    public static final Set<String> MONEY_SUMMARIES = Set.of("netFlowByCurrency", "profitByCurrency",
            "pendingAmountByCurrency", "pendingAmountNeedingSupervisorByCurrency");

    /** Headers whose words alone would not say what they count. */
    private static final Map<String, String> HEADERS = Map.ofEntries(
            Map.entry("depositCount", "Deposits (count)"),
            Map.entry("withdrawalCount", "Withdrawals (count)"),
            Map.entry("loadCount", "Game loads (count)"),
            Map.entry("redemptionCount", "Redemptions (count)"),
            Map.entry("orderType", "Order type"),
            Map.entry("voidedBy", "Voided by"),
            Map.entry("voids", "Voids"),
            Map.entry("netFlow", "Net flow"),
            Map.entry("gameLoads", "Game loads"));

    private PeopleCells() {
    }

    /** A column or figure name as a header: {@code netFlowByCurrency} → "Net flow by currency". */
    public static String header(String column) {
        String known = HEADERS.get(column);
        if (known != null) {
            return known;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < column.length(); i++) {
            char ch = column.charAt(i);
            if (i == 0) {
                out.append(Character.toUpperCase(ch));
            } else if (Character.isUpperCase(ch)) {
                out.append(' ').append(Character.toLowerCase(ch));
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    public static List<String> headers(List<String> columns) {
        return columns.stream().map(PeopleCells::header).toList();
    }

    /** Minor units as the major unit with the currency's decimals: 220500 USD → 2205.00, 500 JPY → 500. */
    public static BigDecimal major(long minorUnits, String currency) {
        return BigDecimal.valueOf(minorUnits, MoneyText.fractionDigits(currency));
    }

    public static boolean isMoney(String report, String column) {
        return MONEY_COLUMNS.getOrDefault(report, Set.of()).contains(column);
    }

    /** A period's first day as the period reads: the day, "2026-W49" (ISO week) or "2026-12". */
    public static String period(Object firstDay, Granularity granularity) {
        if (firstDay == null || granularity == null || granularity == Granularity.DAY) {
            return firstDay == null ? null : firstDay.toString();
        }
        LocalDate day;
        try {
            day = LocalDate.parse(firstDay.toString());
        } catch (DateTimeParseException notADay) {
            return firstDay.toString();
        }
        return switch (granularity) {
            case WEEK -> String.format(Locale.ROOT, "%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR),
                    day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> String.format(Locale.ROOT, "%d-%02d", day.getYear(), day.getMonthValue());
            case DAY -> day.toString();
        };
    }

    /** A row as people read it: amounts in major units, the period named. */
    public static List<Object> row(String report, List<String> columns, List<Object> row, Granularity granularity) {
        int currencyAt = columns.indexOf("currency");
        String currency = currencyAt < 0 ? null : String.valueOf(row.get(currencyAt));
        Object[] out = new Object[row.size()];
        for (int c = 0; c < row.size(); c++) {
            Object value = row.get(c);
            String column = columns.get(c);
            if (value instanceof Long amount && isMoney(report, column)) {
                out[c] = major(amount, currency);
            } else if ("period".equals(column)) {
                out[c] = period(value, granularity);
            } else {
                out[c] = value;
            }
        }
        return java.util.Arrays.asList(out);
    }

    /** The number format of an amount cell in XLSX, with the currency's decimals. */
    static String numberFormat(BigDecimal amount) {
        int digits = Math.max(0, amount.scale());
        return digits == 0 ? "#,##0" : "#,##0." + "0".repeat(digits);
    }
}
