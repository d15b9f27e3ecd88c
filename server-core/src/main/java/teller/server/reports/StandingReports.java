package teller.server.reports;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import teller.server.ledger.Discrepancy;
import teller.server.ledger.Ledger;
import teller.server.ledger.LedgerVerification;
import teller.server.risk.FraudLevel;

/**
 * The reports of the books as they stand, whatever the date range: reconciliation and risk exposure.
 */
final class StandingReports {
    private final ReportStore store;
    private final Ledger ledger;
    private final Clock clock;

    StandingReports(ReportStore store, Ledger ledger, Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * Ledger against stored balances (every account, through the ledger's own verification, which
     * also checks orders against their postings), and orders against the provider outcome stored
     * with them. Each discrepancy says what to do about it. Not limited to the date range: a
     * reconciliation is of the books as they stand.
     */
    Report reconciliation(ReportQuery q) {
        LedgerVerification verification = ledger.verify();
        List<Discrepancy> provider = store.providerOutcomeMismatches(ReportService.PROVIDER_MISMATCHES_MAX);
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
        return ReportTables.report(q, clock.instant(),
                List.of("check", "kind", "subject", "expected", "actual", "whatToDo"), rows, summary);
    }

    /**
     * What is at stake now (decision 0035): money in orders not yet final (PENDING_REVIEW or
     * EXECUTING) by the player's fraud level and currency, open flags by rule, and pending game loads
     * by game. Like reconciliation it describes the present, whatever the date range; it reads pending
     * orders and open flags only, never ledger entries.
     */
    Report riskExposure(ReportQuery q) {
        Map<List<String>, long[]> byLevel = new TreeMap<>(ReportTables::compareKeys);
        Map<List<String>, Set<String>> levelPlayers = new java.util.HashMap<>();
        Map<List<String>, long[]> byGame = new TreeMap<>(ReportTables::compareKeys);
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
        byLevel.forEach((k, v) -> rows.add(List.of(ReportService.SECTION_PENDING_BY_LEVEL,
                k.get(0).substring(k.get(0).indexOf('-') + 1), k.get(1), v[0], v[1], 0L, (long) levelPlayers.get(k).size())));
        long openFlags = 0;
        for (ReportStore.OpenFlags f : store.openFlagsByRule()) {
            rows.add(List.of(ReportService.SECTION_OPEN_FLAGS_BY_RULE, f.rule(), "", f.orders(), 0L, f.flags(),
                    f.players()));
            openFlags += f.flags();
        }
        byGame.forEach((k, v) -> rows.add(List.of(ReportService.SECTION_PENDING_GAME_LOADS_BY_GAME, k.get(0), k.get(1),
                v[0], v[1], 0L, (long) gamePlayers.get(k).size())));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("pendingAmountByCurrency", pendingByCurrency);
        summary.put("pendingAmountNeedingSupervisorByCurrency", needingSupervisorByCurrency);
        summary.put("openFlags", openFlags);
        return ReportTables.report(q, clock.instant(),
                List.of("section", "group", "currency", "orders", "amount", "flags", "players"), rows, summary);
    }
}
