package teller.server.reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import teller.server.common.InvalidInputException;
import teller.server.common.Transactor;
import teller.server.ledger.Discrepancy;
import teller.server.ledger.Ledger;
import teller.server.ledger.LedgerVerification;
import teller.server.risk.FraudLevel;

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
    private static final int RATE_SCALE = 4;

    private final Transactor tx;
    private final ReportStore store;
    private final Ledger ledger;
    private final Clock clock;

    public ReportService(Transactor tx, ReportStore store, Ledger ledger, Clock clock) {
        this.tx = tx;
        this.store = store;
        this.ledger = ledger;
        this.clock = clock;
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
                    case BALANCE_FLOW -> balanceFlowRows(q);
                    case PROFIT_BY_GAME -> profitByGameRows(q);
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
            case BALANCE_FLOW -> balanceFlow(q);
            case PROFIT_BY_GAME -> profitByGame(q);
            case VOIDS -> voids(q);
            case OPERATIONS -> operations(q);
            case DAILY_SUMMARY -> dailySummary(q);
            case RECONCILIATION -> reconciliation(q);
            case RISK_EXPOSURE -> riskExposure(q);
        });
    }

    // ---------------------------------------------------------------- money reports

    /** Sums of one period and currency (and game), by flow. */
    private static final class Sums {
        final Map<String, long[]> byFlow = new TreeMap<>();

        void add(String flow, long count, long amount) {
            long[] s = byFlow.computeIfAbsent(flow, f -> new long[2]);
            s[0] += count;
            s[1] += amount;
        }

        long count(String flow) {
            return byFlow.getOrDefault(flow, new long[2])[0];
        }

        /** Money in minus money out, each net of its voids. */
        long netFlow() {
            return amount("DEPOSIT") - amount("VOID_DEPOSIT") - amount("WITHDRAWAL") + amount("VOID_WITHDRAWAL");
        }

        long amount(String flow) {
            return byFlow.getOrDefault(flow, new long[2])[1];
        }
    }

    /** Sums per (period, currency) or (period, currency, game), in key order; for reports small enough to hold. */
    private Map<List<String>, Sums> flowsBy(ReportQuery q, boolean byGame) {
        Map<List<String>, Sums> grouped = new TreeMap<>(ReportService::compareKeys);
        try (var flows = store.flowsByPeriod(q.from(), q.to(), q.granularity(), byGame)) {
            flows.forEach(f -> grouped.computeIfAbsent(key(f, byGame), k -> new Sums())
                    .add(f.flow(), f.transactions(), f.amount()));
        }
        return grouped;
    }

    private static List<String> key(ReportStore.FlowPeriod f, boolean byGame) {
        return byGame ? List.of(f.period().toString(), f.currency(), f.game()) : List.of(f.period().toString(), f.currency());
    }

    /**
     * Report rows made from flows as they stream in key order: the flows of one key are summed,
     * then {@code shape} turns the key and its sums into a row (or null to leave the key out).
     */
    private static Iterator<List<Object>> flowRows(java.util.stream.Stream<ReportStore.FlowPeriod> flows, boolean byGame,
                                                   java.util.function.BiFunction<List<String>, Sums, List<Object>> shape) {
        Iterator<ReportStore.FlowPeriod> source = flows.iterator();
        return new Iterator<>() {
            private ReportStore.FlowPeriod pending = source.hasNext() ? source.next() : null;
            private List<Object> next = advance();

            private List<Object> advance() {
                while (pending != null) {
                    List<String> key = key(pending, byGame);
                    Sums sums = new Sums();
                    while (pending != null && key(pending, byGame).equals(key)) {
                        sums.add(pending.flow(), pending.transactions(), pending.amount());
                        pending = source.hasNext() ? source.next() : null;
                    }
                    List<Object> row = shape.apply(key, sums);
                    if (row != null) {
                        return row;
                    }
                }
                // Read to the end: release the cursor now rather than when the unit of work ends.
                flows.close();
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public List<Object> next() {
                if (next == null) {
                    throw new java.util.NoSuchElementException();
                }
                List<Object> row = next;
                next = advance();
                return row;
            }
        };
    }

    private static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static final List<String> BALANCE_FLOW_COLUMNS = List.of("period", "currency", "depositCount", "deposits",
            "withdrawalCount", "withdrawals", "voidedDeposits", "voidedWithdrawals", "netFlow");
    private static final List<String> PROFIT_BY_GAME_COLUMNS = List.of("period", "currency", "game", "loadCount", "loads",
            "redemptionCount", "redemptions", "voidedLoads", "voidedRedemptions", "profit");

    private Report balanceFlow(ReportQuery q) {
        return collect(balanceFlowRows(q));
    }

    private ReportRows balanceFlowRows(ReportQuery q) {
        Map<String, Long> netByCurrency = new TreeMap<>();
        Iterator<List<Object>> rows = flowRows(store.flowsByPeriod(q.from(), q.to(), q.granularity(), false), false,
                (key, s) -> {
                    long net = s.netFlow();
                    netByCurrency.merge(key.get(1), net, Math::addExact);
                    return List.of(key.get(0), key.get(1), s.count("DEPOSIT"), s.amount("DEPOSIT"), s.count("WITHDRAWAL"),
                            s.amount("WITHDRAWAL"), s.amount("VOID_DEPOSIT"), s.amount("VOID_WITHDRAWAL"), net);
                });
        return rows(q, BALANCE_FLOW_COLUMNS, rows, () -> Map.of("netFlowByCurrency", netByCurrency));
    }

    private Report profitByGame(ReportQuery q) {
        return collect(profitByGameRows(q));
    }

    /**
     * Per game: game loads (wallet credit moved into the game) minus redemptions (withdrawals
     * redeemed from that game), each net of voids. A positive profit means players left money in the game.
     */
    private ReportRows profitByGameRows(ReportQuery q) {
        Map<String, Long> profitByCurrency = new TreeMap<>();
        Iterator<List<Object>> rows = flowRows(store.flowsByPeriod(q.from(), q.to(), q.granularity(), true), true,
                (key, s) -> {
                    String game = key.get(2);
                    if (game.isEmpty()) {
                        return null;
                    }
                    long loads = s.amount("GAME_LOAD") - s.amount("VOID_GAME_LOAD");
                    long redemptions = s.amount("WITHDRAWAL") - s.amount("VOID_WITHDRAWAL");
                    profitByCurrency.merge(key.get(1), loads - redemptions, Math::addExact);
                    return List.of(key.get(0), key.get(1), game, s.count("GAME_LOAD"), s.amount("GAME_LOAD"),
                            s.count("WITHDRAWAL"), s.amount("WITHDRAWAL"), s.amount("VOID_GAME_LOAD"),
                            s.amount("VOID_WITHDRAWAL"), loads - redemptions);
                });
        return rows(q, PROFIT_BY_GAME_COLUMNS, rows, () -> Map.of("profitByCurrency", profitByCurrency));
    }

    private Report dailySummary(ReportQuery q) {
        Map<List<String>, long[]> decisions = new TreeMap<>(ReportService::compareKeys);
        for (ReportStore.OrderEventDay e : store.orderEvents(q.from(), q.to())) {
            List<String> key = List.of(q.granularity().periodStart(e.day()).toString(), e.currency());
            long[] d = decisions.computeIfAbsent(key, k -> new long[3]);
            if (isApproval(e)) {
                d[0] += e.events();
            } else if (isRejection(e)) {
                d[1] += e.events();
            } else if ("APPROVED_FAILED".equals(e.toStatus())) {
                d[2] += e.events();
            }
        }
        Map<List<String>, Sums> flows = flowsBy(q, false);
        Set<List<String>> keys = new java.util.TreeSet<>(ReportService::compareKeys);
        keys.addAll(flows.keySet());
        keys.addAll(decisions.keySet());
        List<List<Object>> rows = new ArrayList<>();
        for (List<String> key : keys) {
            Sums s = flows.getOrDefault(key, new Sums());
            long[] d = decisions.getOrDefault(key, new long[3]);
            long voids = s.byFlow.entrySet().stream().filter(f -> f.getKey().startsWith("VOID_"))
                    .mapToLong(f -> f.getValue()[1]).sum();
            long net = s.netFlow();
            rows.add(List.of(key.get(0), key.get(1), s.amount("DEPOSIT"), s.amount("WITHDRAWAL"), s.amount("GAME_LOAD"),
                    voids, net, d[0], d[1], d[2]));
        }
        return report(q, List.of("period", "currency", "deposits", "withdrawals", "gameLoads", "voids", "netFlow",
                "approved", "rejected", "executionFailures"), rows, Map.of());
    }

    // ---------------------------------------------------------------- order reports

    private static boolean isDecision(ReportStore.OrderEventDay e) {
        return "PENDING_REVIEW".equals(e.fromStatus());
    }

    private static boolean isApproval(ReportStore.OrderEventDay e) {
        return isDecision(e) && !"REJECTED".equals(e.toStatus());
    }

    private static boolean isRejection(ReportStore.OrderEventDay e) {
        return isDecision(e) && "REJECTED".equals(e.toStatus());
    }

    private Report voids(ReportQuery q) {
        Map<List<String>, long[]> grouped = new TreeMap<>(ReportService::compareKeys);
        List<ReportStore.OrderEventDay> events = store.orderEvents(q.from(), q.to());
        Set<String> operatorIds = new HashSet<>();
        for (ReportStore.OrderEventDay e : events) {
            if ("VOIDED".equals(e.toStatus())) {
                operatorIds.add(e.actorId());
            }
        }
        Map<String, String> names = store.operatorNames(operatorIds);
        long count = 0;
        for (ReportStore.OrderEventDay e : events) {
            if (!"VOIDED".equals(e.toStatus())) {
                continue;
            }
            List<String> key = List.of(q.granularity().periodStart(e.day()).toString(), e.currency(), e.orderType(),
                    names.getOrDefault(e.actorId(), e.actorId()));
            long[] v = grouped.computeIfAbsent(key, k -> new long[2]);
            v[0] += e.events();
            v[1] += e.amount();
            count += e.events();
        }
        List<List<Object>> rows = new ArrayList<>();
        grouped.forEach((k, v) -> rows.add(List.of(k.get(0), k.get(1), k.get(2), k.get(3), v[0], v[1])));
        return report(q, List.of("period", "currency", "orderType", "voidedBy", "voids", "amount"), rows,
                Map.of("voids", count));
    }

    private Report operations(ReportQuery q) {
        long approvals = 0;
        long rejections = 0;
        long decisionMillis = 0;
        long attempts = 0;
        long retries = 0;
        long executed = 0;
        long failed = 0;
        Map<String, long[]> perOperator = new TreeMap<>();
        List<ReportStore.OrderEventDay> events = store.orderEvents(q.from(), q.to());
        for (ReportStore.OrderEventDay e : events) {
            boolean byOperator = "OPERATOR".equals(e.actorType()) || "TELEGRAM_BOT".equals(e.actorType());
            long[] op = byOperator ? perOperator.computeIfAbsent(e.actorId(), k -> new long[4]) : null;
            if (isDecision(e)) {
                decisionMillis += e.decisionMillis();
            }
            if (isApproval(e)) {
                approvals += e.events();
                if (op != null) {
                    op[0] += e.events();
                }
            } else if (isRejection(e)) {
                rejections += e.events();
                if (op != null) {
                    op[1] += e.events();
                }
            }
            if ("APPROVED_FAILED".equals(e.fromStatus()) && "EXECUTING".equals(e.toStatus())) {
                retries += e.events();
                if (op != null) {
                    op[2] += e.events();
                }
            }
            if ("VOIDED".equals(e.toStatus()) && op != null) {
                op[3] += e.events();
            }
            // An attempt is one execution: a deposit posted at once, or a game load / withdrawal sent.
            if ("EXECUTING".equals(e.toStatus())
                    || ("PENDING_REVIEW".equals(e.fromStatus()) && "APPROVED_EXECUTED".equals(e.toStatus()))) {
                attempts += e.events();
            }
            if ("APPROVED_EXECUTED".equals(e.toStatus())) {
                executed += e.events();
            } else if ("APPROVED_FAILED".equals(e.toStatus())) {
                failed += e.events();
            }
        }
        long decisions = approvals + rejections;
        List<Long> bounds = store.latencyBoundsSeconds();
        List<ReportStore.LatencyBucket> histogram = store.decisionLatency(q.from(), q.to());
        ReportStore.QueueAge queue = store.queueAge(clock.instant());

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("pendingNow", queue.pending());
        summary.put("queueAgeP50Seconds", queue.p50Seconds());
        summary.put("queueAgeP95Seconds", queue.p95Seconds());
        summary.put("queueAgeOldestSeconds", queue.oldestSeconds());
        summary.put("decisions", decisions);
        summary.put("approvals", approvals);
        summary.put("rejections", rejections);
        summary.put("approvalRate", rate(approvals, decisions));
        summary.put("timeToDecisionAverageSeconds", decisions == 0 ? BigDecimal.ZERO
                : BigDecimal.valueOf(decisionMillis).divide(BigDecimal.valueOf(decisions * 1000L), 1, RoundingMode.HALF_UP));
        summary.put("timeToDecisionP50SecondsAtMost", percentileBound(histogram, bounds, 50));
        summary.put("timeToDecisionP95SecondsAtMost", percentileBound(histogram, bounds, 95));
        summary.put("executionAttempts", attempts);
        summary.put("retries", retries);
        summary.put("executed", executed);
        summary.put("approvedFailed", failed);
        summary.put("approvedFailedRate", rate(failed, executed + failed));

        Map<String, String> names = store.operatorNames(perOperator.keySet());
        List<List<Object>> rows = new ArrayList<>();
        perOperator.forEach((id, v) -> rows.add(List.of(names.getOrDefault(id, id), v[0], v[1], v[2], v[3],
                v[0] + v[1])));
        return report(q, List.of("operator", "approvals", "rejections", "retries", "voids", "decisions"), rows, summary);
    }

    /** The upper bound (seconds) of the histogram bucket holding the {@code pct} percentile; null if empty or open. */
    static Long percentileBound(List<ReportStore.LatencyBucket> histogram, List<Long> bounds, int pct) {
        long total = histogram.stream().mapToLong(ReportStore.LatencyBucket::events).sum();
        if (total == 0) {
            return null;
        }
        long rank = (total * pct + 99) / 100;
        long seen = 0;
        for (ReportStore.LatencyBucket b : histogram.stream()
                .sorted(java.util.Comparator.comparingInt(ReportStore.LatencyBucket::bucket)).toList()) {
            seen += b.events();
            if (seen >= rank) {
                return b.bucket() < bounds.size() ? bounds.get(b.bucket()) : null;
            }
        }
        return null;
    }

    private static BigDecimal rate(long part, long whole) {
        return whole == 0 ? BigDecimal.ZERO.setScale(RATE_SCALE)
                : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), RATE_SCALE, RoundingMode.HALF_UP);
    }

    // ---------------------------------------------------------------- reconciliation

    /**
     * Ledger against stored balances (every account, through the ledger's own verification, which
     * also checks orders against their postings), and orders against the provider outcome stored
     * with them. Each discrepancy says what to do about it. Not limited to the date range: a
     * reconciliation is of the books as they stand.
     */
    private Report reconciliation(ReportQuery q) {
        LedgerVerification verification = ledger.verify();
        List<Discrepancy> provider = store.providerOutcomeMismatches(PROVIDER_MISMATCHES_MAX);
        List<List<Object>> rows = new ArrayList<>();
        for (Discrepancy d : verification.discrepancies()) {
            rows.add(java.util.Arrays.asList("ledger", d.kind(), d.subject(), d.expected(), d.actual(), d.message()));
        }
        for (Discrepancy d : provider) {
            rows.add(java.util.Arrays.asList("provider", d.kind(), d.subject(), d.expected(), d.actual(), d.message()));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("balanced", verification.balanced() && provider.isEmpty());
        summary.put("transactionsChecked", verification.transactionsChecked());
        summary.put("accountsChecked", verification.accountsChecked());
        summary.put("discrepancies", rows.size());
        return report(q, List.of("check", "kind", "subject", "expected", "actual", "whatToDo"), rows, summary);
    }

    private ReportRows rows(ReportQuery q, List<String> columns, Iterator<List<Object>> rows,
                            java.util.function.Supplier<Map<String, Object>> summary) {
        return new ReportRows(q.name().urlName(), q.from(), q.to(), q.granularity(), clock.instant(), columns, rows, summary);
    }

    private static Report collect(ReportRows r) {
        List<List<Object>> rows = new ArrayList<>();
        r.rows().forEachRemaining(rows::add);
        return new Report(r.name(), r.from(), r.to(), r.granularity(), r.generatedAt(), r.columns(), rows, r.summary().get());
    }

    // ---------------------------------------------------------------- risk exposure

    public static final String SECTION_PENDING_BY_LEVEL = "pendingByLevel";
    public static final String SECTION_OPEN_FLAGS_BY_RULE = "openFlagsByRule";
    public static final String SECTION_PENDING_GAME_LOADS_BY_GAME = "pendingGameLoadsByGame";

    /**
     * What is at stake now (decision 0035): money in orders not yet final (PENDING_REVIEW or
     * EXECUTING) by the player's fraud level and currency, open flags by rule, and pending game loads
     * by game. Like reconciliation it describes the present, whatever the date range; it reads pending
     * orders and open flags only, never ledger entries.
     */
    private Report riskExposure(ReportQuery q) {
        Map<List<String>, long[]> byLevel = new TreeMap<>(ReportService::compareKeys);
        Map<List<String>, Set<String>> levelPlayers = new java.util.HashMap<>();
        Map<List<String>, long[]> byGame = new TreeMap<>(ReportService::compareKeys);
        Map<List<String>, Set<String>> gamePlayers = new java.util.HashMap<>();
        Map<String, Long> pendingByCurrency = new TreeMap<>();
        Map<String, Long> needingSupervisorByCurrency = new TreeMap<>();
        for (ReportStore.PendingExposure p : store.pendingExposure()) {
            FraudLevel level = FraudLevel.of(p.playerScore());
            List<String> key = List.of(String.format("%d-%s", level.ordinal(), level.name()), p.currency());
            long[] sums = byLevel.computeIfAbsent(key, k -> new long[2]);
            sums[0] += p.orders();
            sums[1] += p.amount();
            levelPlayers.computeIfAbsent(key, k -> new HashSet<>()).add(p.playerId());
            pendingByCurrency.merge(p.currency(), p.amount(), Long::sum);
            if (level.needsSupervisor()) {
                needingSupervisorByCurrency.merge(p.currency(), p.amount(), Long::sum);
            }
            if ("GAME_LOAD".equals(p.orderType())) {
                List<String> gameKey = List.of(p.game(), p.currency());
                long[] g = byGame.computeIfAbsent(gameKey, k -> new long[2]);
                g[0] += p.orders();
                g[1] += p.amount();
                gamePlayers.computeIfAbsent(gameKey, k -> new HashSet<>()).add(p.playerId());
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        // Levels in their order (SAFE first), not alphabetically: the key carries the ordinal for sorting.
        byLevel.forEach((k, v) -> rows.add(List.of(SECTION_PENDING_BY_LEVEL, k.get(0).substring(k.get(0).indexOf('-') + 1),
                k.get(1), v[0], v[1], 0L, (long) levelPlayers.get(k).size())));
        long openFlags = 0;
        for (ReportStore.OpenFlags f : store.openFlagsByRule()) {
            rows.add(List.of(SECTION_OPEN_FLAGS_BY_RULE, f.rule(), "", f.orders(), 0L, f.flags(), f.players()));
            openFlags += f.flags();
        }
        byGame.forEach((k, v) -> rows.add(List.of(SECTION_PENDING_GAME_LOADS_BY_GAME, k.get(0), k.get(1), v[0], v[1], 0L,
                (long) gamePlayers.get(k).size())));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("pendingAmountByCurrency", pendingByCurrency);
        summary.put("pendingAmountNeedingSupervisorByCurrency", needingSupervisorByCurrency);
        summary.put("openFlags", openFlags);
        return report(q, List.of("section", "group", "currency", "orders", "amount", "flags", "players"), rows, summary);
    }

    private Report report(ReportQuery q, List<String> columns, List<List<Object>> rows, Map<String, Object> summary) {
        Instant now = clock.instant();
        return new Report(q.name().urlName(), q.from(), q.to(), q.granularity(), now, columns, rows, summary);
    }
}
