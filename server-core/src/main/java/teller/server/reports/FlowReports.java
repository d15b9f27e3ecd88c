package teller.server.reports;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The money reports, from the daily flow rollups: balance flow and profit by game (streamed for
 * exports, their rows growing with days x currencies x games) and the daily summary, which sets
 * the day's flows beside its decisions.
 */
final class FlowReports {
    private final ReportStore store;
    private final Clock clock;

    FlowReports(ReportStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

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
        Map<List<String>, Sums> grouped = new TreeMap<>(ReportTables::compareKeys);
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

    private static final List<String> BALANCE_FLOW_COLUMNS = List.of("period", "currency", "depositCount", "deposits",
            "withdrawalCount", "withdrawals", "voidedDeposits", "voidedWithdrawals", "netFlow");
    private static final List<String> PROFIT_BY_GAME_COLUMNS = List.of("period", "currency", "game", "loadCount", "loads",
            "redemptionCount", "redemptions", "voidedLoads", "voidedRedemptions", "profit");

    Report balanceFlow(ReportQuery q) {
        return collect(balanceFlowRows(q));
    }

    ReportRows balanceFlowRows(ReportQuery q) {
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

    Report profitByGame(ReportQuery q) {
        return collect(profitByGameRows(q));
    }

    /**
     * Per game: game loads (wallet credit moved into the game) minus redemptions (withdrawals
     * redeemed from that game), each net of voids. A positive profit means players left money in the game.
     */
    ReportRows profitByGameRows(ReportQuery q) {
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

    Report dailySummary(ReportQuery q) {
        Map<List<String>, long[]> decisions = new TreeMap<>(ReportTables::compareKeys);
        for (ReportStore.OrderEventDay e : store.orderEvents(q.from(), q.to())) {
            List<String> key = List.of(q.granularity().periodStart(e.day()).toString(), e.currency());
            long[] d = decisions.computeIfAbsent(key, k -> new long[3]);
            if (e.isApproval()) {
                d[0] += e.events();
            } else if (e.isRejection()) {
                d[1] += e.events();
            } else if ("APPROVED_FAILED".equals(e.toStatus())) {
                d[2] += e.events();
            }
        }
        Map<List<String>, Sums> flows = flowsBy(q, false);
        Set<List<String>> keys = new java.util.TreeSet<>(ReportTables::compareKeys);
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
        return ReportTables.report(q, clock.instant(),
                List.of("period", "currency", "deposits", "withdrawals", "gameLoads", "voids", "netFlow",
                "approved", "rejected", "executionFailures"), rows, Map.of());
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
}
