package teller.server.reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import teller.server.common.InvalidInputException;
import teller.server.common.Transactor;
import teller.server.ledger.Ledger;

/**
 * Builds reports from the daily rollups (never from raw ledger entries) and runs the rollup
 * worker. Amounts are minor units; rates are fractions rounded to 4 places.
 */
public final class ReportService {
    /** Longest range one report may cover. */
    public static final int RANGE_DAYS_MAX = 3_660;
    /** Default range when {@code from} is not given. */
    public static final int DEFAULT_RANGE_DAYS = 30;
    public static final int ROLLUP_BATCH_MAX = 5_000;
    /** How long a horizon candidate settles before it is confirmed (see decision 0022). */
    public static final int ROLLUP_SETTLE_MILLIS = 200;
    public static final int PROVIDER_MISMATCHES_MAX = 1_000;
    private static final long CATCH_UP_PAUSE_MILLIS = 50;

    private final Transactor tx;
    private final ReportStore store;
    private final Clock clock;
    private final FlowReports flows;
    private final OrderReports orders;
    private final StandingReports standing;

    public ReportService(Transactor tx, ReportStore store, Ledger ledger, Clock clock) {
        this.tx = tx;
        this.store = store;
        this.clock = clock;
        this.flows = new FlowReports(store, clock);
        this.orders = new OrderReports(store, clock);
        this.standing = new StandingReports(store, ledger, clock);
    }

    /** One worker iteration: folds new ledger transactions and order changes into the rollups. */
    public int rollup() {
        return tx.inTransaction(() -> store.rollup(ROLLUP_BATCH_MAX, ROLLUP_SETTLE_MILLIS));
    }

    public boolean rollupCaughtUp() {
        return tx.read(store::rollupCaughtUp);
    }

    /**
     * Runs the rollup until it has folded everything committed so far (or {@code waitMax} passes):
     * for exports from the command line, where no server worker may be running.
     */
    public boolean catchUp(java.time.Duration waitMax) {
        long deadline = System.nanoTime() + waitMax.toNanos();
        while (true) {
            rollup();
            if (rollupCaughtUp()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(CATCH_UP_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Parses API / CLI parameters into a query: dates are ISO days (UTC), both ends included. */
    public ReportQuery query(String name, String from, String to, String granularity) {
        ReportName reportName = ReportName.fromUrlName(name == null ? "" : name)
                .orElseThrow(() -> new teller.server.common.NotFoundException("report", String.valueOf(name)));
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate toDay = to == null || to.isBlank() ? today : day(to, "to");
        LocalDate fromDay = from == null || from.isBlank() ? toDay.minusDays(DEFAULT_RANGE_DAYS - 1L) : day(from, "from");
        if (fromDay.isAfter(toDay)) {
            throw new InvalidInputException("from", "from must not be after to");
        }
        if (ChronoUnit.DAYS.between(fromDay, toDay) >= RANGE_DAYS_MAX) {
            throw new InvalidInputException("to", "a report covers at most " + RANGE_DAYS_MAX + " days");
        }
        Granularity g;
        try {
            g = granularity == null || granularity.isBlank() ? Granularity.DAY
                    : Granularity.valueOf(granularity.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("granularity", "granularity must be day, week or month");
        }
        return new ReportQuery(reportName, fromDay, toDay, g);
    }

    private static LocalDate day(String text, String field) {
        try {
            return LocalDate.parse(text.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidInputException(field, field + " must be a date like 2026-01-31");
        }
    }

    /**
     * Hands the report to {@code writer} with its rows read as they are written, inside one
     * read-only transaction (so the database reads through a cursor): balance flow and profit by
     * game, whose rows grow with days x currencies x games, never sit in memory as a whole; the
     * other reports are small by nature (operators, checks, or days x currencies) and are built first.
     */
    public void export(ReportQuery q, ReportRows.Writer writer) throws IOException {
        try {
            tx.inTransaction(() -> {
                ReportRows rows = switch (q.name()) {
                    case BALANCE_FLOW -> flows.balanceFlowRows(q);
                    case PROFIT_BY_GAME -> flows.profitByGameRows(q);
                    default -> ReportRows.of(report(q));
                };
                try {
                    writer.write(rows);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    public Report report(ReportQuery q) {
        return tx.read(() -> switch (q.name()) {
            case BALANCE_FLOW -> flows.balanceFlow(q);
            case PROFIT_BY_GAME -> flows.profitByGame(q);
            case VOIDS -> orders.voids(q);
            case OPERATIONS -> orders.operations(q);
            case DAILY_SUMMARY -> flows.dailySummary(q);
            case RECONCILIATION -> standing.reconciliation(q);
            case RISK_EXPOSURE -> standing.riskExposure(q);
        });
    }

    /** The sections of the risk exposure report (its first column). */
    public static final String SECTION_PENDING_BY_LEVEL = "pendingByLevel";
    public static final String SECTION_OPEN_FLAGS_BY_RULE = "openFlagsByRule";
    public static final String SECTION_PENDING_GAME_LOADS_BY_GAME = "pendingGameLoadsByGame";
}
