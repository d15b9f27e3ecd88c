package teller.server.reports;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The order reports, from the order-event rollups: voids, and the operations report of decisions and executions. */
final class OrderReports {
    private static final int RATE_SCALE = 4;

    private final ReportStore store;
    private final Clock clock;

    OrderReports(ReportStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    Report voids(ReportQuery q) {
        Map<List<String>, long[]> grouped = new TreeMap<>(ReportTables::compareKeys);
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
        return ReportTables.report(q, clock.instant(),
                List.of("period", "currency", "orderType", "voidedBy", "voids", "amount"), rows,
                Map.of("voids", count));
    }

    /** Keys of the per-operator rows that are no operator: after it, the actor type. Sorts after the ids. */
    private static final String NOT_AN_OPERATOR = "~";

    /** The row name of decisions taken by no operator. */
    static String actorKind(String actorType) {
        return switch (actorType == null ? "" : actorType) {
            case "SYSTEM" -> "System (automatic or seeded)";
            case "INTEGRATION" -> "Integration token";
            case "TELEGRAM_BOT" -> "Telegram bot";
            default -> "Unknown actor";
        };
    }

    Report operations(ReportQuery q) {
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
            // Every event is attributed, so the rows add up to the summary: operators (and the bot acting
            // for one) by their name, the rest (SYSTEM: automatic and seeded decisions, tokens) by kind.
            boolean byOperator = ("OPERATOR".equals(e.actorType()) || "TELEGRAM_BOT".equals(e.actorType()))
                    && e.actorId() != null;
            long[] op = perOperator.computeIfAbsent(byOperator ? e.actorId() : NOT_AN_OPERATOR + e.actorType(),
                    k -> new long[4]);
            if (e.isDecision()) {
                decisionMillis += e.decisionMillis();
            }
            if (e.isApproval()) {
                approvals += e.events();
                if (op != null) {
                    op[0] += e.events();
                }
            } else if (e.isRejection()) {
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

        Map<String, String> names = store.operatorNames(perOperator.keySet().stream()
                .filter(id -> !id.startsWith(NOT_AN_OPERATOR)).collect(java.util.stream.Collectors.toSet()));
        List<List<Object>> rows = new ArrayList<>();
        perOperator.forEach((id, v) -> {
            if (v[0] + v[1] + v[2] + v[3] > 0) {
                rows.add(List.of(id.startsWith(NOT_AN_OPERATOR) ? actorKind(id.substring(NOT_AN_OPERATOR.length()))
                        : names.getOrDefault(id, id), v[0], v[1], v[2], v[3], v[0] + v[1]));
            }
        });
        return ReportTables.report(q, clock.instant(),
                List.of("operator", "approvals", "rejections", "retries", "voids", "decisions"), rows, summary);
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
}
