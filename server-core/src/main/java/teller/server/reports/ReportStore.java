package teller.server.reports;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import teller.server.ledger.Discrepancy;

/** What reports read: the daily rollups, a few small current-state figures, and the rollup worker. */
public interface ReportStore {
    /**
     * Money moved in one period (its first day) and currency, and game when asked for ("" when
     * none or not asked), by flow: the ledger kind or VOID_&lt;kind&gt;.
     */
    record FlowPeriod(LocalDate period, String currency, String game, String flow, long transactions, long amount) {
    }

    /** Order status changes on one UTC day by one actor. */
    record OrderEventDay(LocalDate day, String currency, String orderType, String fromStatus, String toStatus,
                         String actorType, String actorId, long events, long amount, long decisionMillis) {
        /** A review decided: the order left PENDING_REVIEW. */
        boolean isDecision() {
            return "PENDING_REVIEW".equals(fromStatus);
        }

        boolean isApproval() {
            return isDecision() && !"REJECTED".equals(toStatus);
        }

        boolean isRejection() {
            return isDecision() && "REJECTED".equals(toStatus);
        }
    }

    /** Decisions whose time from creation fell in latency bucket {@code bucket}. */
    record LatencyBucket(int bucket, long events) {
    }

    /** Orders waiting for review now, and how long they have waited (seconds). */
    record QueueAge(long pending, long p50Seconds, long p95Seconds, long oldestSeconds) {
    }

    /**
     * The flows of the days from..to summed per period of {@code granularity}, ordered by period,
     * currency and game (code-point order, as Java compares strings), read as they are consumed:
     * the caller closes the stream, inside the unit of work that opened it.
     */
    java.util.stream.Stream<FlowPeriod> flowsByPeriod(LocalDate from, LocalDate to, Granularity granularity, boolean byGame);

    /**
     * Orders not yet final (PENDING_REVIEW or EXECUTING) grouped by player, the player's fraud score
     * now, currency, type and game ("" when none).
     */
    record PendingExposure(String playerId, int playerScore, String currency, String orderType, String game,
                           long orders, long amount) {
    }

    /** Open fraud flags of one rule: how many, on how many players and orders. */
    record OpenFlags(String rule, long flags, long players, long orders) {
    }

    List<OrderEventDay> orderEvents(LocalDate from, LocalDate to);

    List<LatencyBucket> decisionLatency(LocalDate from, LocalDate to);

    /** Upper bounds (seconds) of the latency buckets; bucket i is below bound i, the last one is open. */
    List<Long> latencyBoundsSeconds();

    QueueAge queueAge(Instant now);

    /** Operator display names by id, for the operators in {@code ids}. */
    java.util.Map<String, String> operatorNames(java.util.Collection<String> ids);

    /** Orders whose stored provider outcome disagrees with their status, at most {@code limit}. */
    List<Discrepancy> providerOutcomeMismatches(int limit);

    /** One rollup iteration; returns rows handled, or -1 when another replica holds the rollup. */
    int rollup(int batchMax, int settleMillis);

    /** True when both sources are folded up to their newest row (nothing parked as pending). */
    boolean rollupCaughtUp();

    /** Reads only orders that are not final and open flags (both small and indexed), never ledger entries. */
    List<PendingExposure> pendingExposure();

    List<OpenFlags> openFlagsByRule();
}
