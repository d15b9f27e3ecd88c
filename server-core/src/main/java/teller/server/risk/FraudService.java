package teller.server.risk;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.audit.AuditEvent;
import teller.server.audit.AuditLog;
import teller.server.common.Actor;
import teller.server.common.ConflictException;
import teller.server.common.InvalidInputException;
import teller.server.common.NotFoundException;
import teller.server.common.Page;
import teller.server.common.Transactor;
import teller.server.events.EventTypes;
import teller.server.events.Outbox;
import teller.server.orders.IntakeScreen;
import teller.server.orders.Order;
import teller.server.orders.OrderIntakeService;
import teller.server.players.Player;

/**
 * The fraud engine: evaluates the rules of {@link FraudRules} on an order at intake (in the intake
 * transaction) and again from the rescoring worker, raises each condition's flag at most once
 * (with a FLAG_RAISED event in the same transaction), scores players from their open flags, lets a
 * supervisor resolve flags. Whether an order needs a supervisor is the approval rules' {@link FraudGate}.
 */
public final class FraudService implements IntakeScreen {
    private static final Logger log = LoggerFactory.getLogger(FraudService.class);
    public static final int RESCORE_BATCH_MAX = 200;
    public static final int NOTE_LENGTH_MAX = 500;
    public static final int ORDER_FLAGS_MAX = 100;

    private final Transactor tx;
    private final FraudStore store;
    private final AuditLog audit;
    private final Outbox outbox;
    private final Clock clock;
    private final FraudSettings settings;

    public FraudService(Transactor tx, FraudStore store, AuditLog audit, Outbox outbox, Clock clock,
                        FraudSettings settings) {
        this.tx = tx;
        this.store = store;
        this.audit = audit;
        this.outbox = outbox;
        this.clock = clock;
        this.settings = settings;
    }

    public FraudSettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- evaluation

    /** Runs in the intake transaction right after the order is inserted (after limits and compliance). */
    @Override
    public void screen(Order created, Player player) {
        if (!settings.enabled()) {
            return;
        }
        evaluate(created.id());
    }

    /** Evaluates one order in the caller's transaction; returns how many new flags it raised. */
    int evaluate(long orderId) {
        Optional<FraudStore.Subject> found = store.subject(orderId, FraudRules.HISTORY_ORDERS_MAX);
        if (found.isEmpty()) {
            return 0;
        }
        FraudStore.Subject subject = found.get();
        String sha = subject.order().proofSha256();
        List<Long> sameProof = sha == null ? List.of()
                : store.ordersWithProof(sha, orderId, FraudRules.EVIDENCE_ORDERS_MAX);
        int raised = 0;
        for (FraudRules.Finding raw : FraudRules.evaluate(subject.playerId(), subject.order(), subject.history(),
                sameProof, settings)) {
            FraudRules.Finding finding = raw.rule() == FraudRule.DUPLICATE_PROOF ? withPlayers(raw, sameProof)
                    : withCurrency(raw, subject.currency());
            Optional<Long> id = store.insertIfAbsent(subject.playerId(), orderId, finding, finding.rule().points());
            if (id.isPresent()) {
                raised++;
                announceRaised(id.get(), subject.playerId(), orderId, finding);
            }
        }
        store.markEvaluated(orderId, clock.instant());
        return raised;
    }

    /**
     * Evidence with amounts names their currency (the order's, the player's), so the console writes
     * "a deposit of $1,200.00" (issue 16).
     */
    private static FraudRules.Finding withCurrency(FraudRules.Finding finding, String currency) {
        boolean amounts = finding.rule() == FraudRule.RAPID_WITHDRAWAL || finding.rule() == FraudRule.WINNING_STREAK
                || finding.rule() == FraudRule.AMOUNT_ANOMALY;
        if (!amounts || currency == null || finding.evidence().containsKey("currency")) {
            return finding;
        }
        Map<String, Object> evidence = new LinkedHashMap<>(finding.evidence());
        evidence.put("currency", currency);
        return new FraudRules.Finding(finding.rule(), finding.dedupeKey(), evidence);
    }

    /** A proof reuse names the other players as well as the other orders (issue 17). */
    private FraudRules.Finding withPlayers(FraudRules.Finding finding, List<Long> otherOrders) {
        List<Map<String, Object>> players = new java.util.ArrayList<>();
        for (FraudStore.OrderPlayer p : store.playersOfOrders(otherOrders)) {
            Map<String, Object> player = new LinkedHashMap<>();
            player.put("playerId", p.playerId());
            player.put("username", p.username());
            player.put("orderIds", p.orderIds().stream().map(String::valueOf).toList());
            players.add(player);
        }
        Map<String, Object> evidence = new LinkedHashMap<>(finding.evidence());
        evidence.put("otherPlayers", players);
        return new FraudRules.Finding(finding.rule(), finding.dedupeKey(), evidence);
    }

    private void announceRaised(long flagId, String playerId, long orderId, FraudRules.Finding finding) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("flagId", String.valueOf(flagId));
        payload.put("playerId", playerId);
        payload.put("orderId", String.valueOf(orderId));
        payload.put("rule", finding.rule().name());
        payload.put("points", finding.rule().points());
        if (finding.rule() == FraudRule.REFUND) {
            payload.put("evidence", finding.evidence());
        }
        // The player's score and level with this flag: a FRAUDULENT level is an operations notice.
        int score = store.scores(List.of(playerId)).getOrDefault(playerId, 0);
        payload.put("fraudScore", score);
        payload.put("fraudLevel", FraudLevel.of(score).name());
        outbox.emit(EventTypes.FLAG_RAISED, "FRAUD_FLAG", String.valueOf(flagId), payload);
    }

    /**
     * A payment provider refunded the charge that credited deposit {@code orderId} (issue 17): raises
     * the charge's REFUND flag once, in the caller's transaction, whatever the fraud settings, so a
     * supervisor decides whether to void the deposit; the money may already be spent, so nothing is
     * reversed here. Returns the new flag's id, empty if the charge was flagged before.
     */
    public Optional<Long> raiseRefund(String playerId, long orderId, String provider, String chargeId, long amount,
                                      String currency) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("provider", provider);
        evidence.put("chargeId", chargeId);
        evidence.put("amount", amount);
        evidence.put("currency", currency);
        evidence.put("orderId", String.valueOf(orderId));
        FraudRules.Finding finding = new FraudRules.Finding(FraudRule.REFUND, "charge:" + provider + ":" + chargeId,
                evidence);
        Optional<Long> id = store.insertIfAbsent(playerId, orderId, finding, FraudRule.REFUND.points());
        id.ifPresent(flagId -> announceRaised(flagId, playerId, orderId, finding));
        return id;
    }

    /**
     * One rescoring iteration: evaluates again the pending orders least recently evaluated (those
     * last evaluated at least {@code rescoreAge} ago), each in its own transaction. Stateless and
     * idempotent: a condition already flagged raises nothing. Returns the number of new flags.
     */
    public int rescore() {
        if (!settings.enabled()) {
            return 0;
        }
        Instant before = clock.instant().minus(settings.rescoreAge());
        List<Long> due = tx.read(() -> store.pendingToEvaluate(before, RESCORE_BATCH_MAX));
        int raised = 0;
        for (long orderId : due) {
            try {
                raised += tx.inTransaction(() -> evaluate(orderId));
            } catch (RuntimeException e) {
                log.error("fraud rescoring of order {} failed; it is tried again next iteration", orderId, e);
            }
        }
        return raised;
    }

    // ---------------------------------------------------------------- reads

    public record PlayerScore(int score, FraudLevel level) {
    }

    public PlayerScore score(String playerId) {
        return tx.read(() -> {
            int score = store.scores(List.of(playerId)).getOrDefault(playerId, 0);
            return new PlayerScore(score, FraudLevel.of(score));
        });
    }

    /**
     * One line for an operator who sees only the order (the forwarded proof's caption): the
     * player's level and score and the open flags on this order.
     */
    public String summary(String playerId, long orderId) {
        PlayerScore score = score(playerId);
        List<String> open = flagsOf(orderId).stream()
                .filter(flag -> flag.status() == FraudFlag.Status.OPEN)
                .map(flag -> flag.rule().name()).distinct().toList();
        return "fraud: " + score.level() + " (score " + score.score() + ")"
                + (open.isEmpty() ? ", no open flags on this order" : ", open flags: " + String.join(", ", open));
    }

    public List<FraudFlag> flagsOf(long orderId) {
        return tx.read(() -> store.ofOrder(orderId)).stream().limit(ORDER_FLAGS_MAX).toList();
    }

    public Page<FraudFlag> list(String status, String level, String playerId, String cursor, int limit) {
        FraudFlag.Status s = status == null || status.isBlank() ? null
                : OrderIntakeService.parseEnum(FraudFlag.Status.class, status, "status");
        FraudLevel l = level == null || level.isBlank() ? null
                : OrderIntakeService.parseEnum(FraudLevel.class, level, "level");
        String player = playerId == null || playerId.isBlank() ? null : playerId.trim();
        return tx.read(() -> store.list(s, l, player, cursor, limit));
    }

    // ---------------------------------------------------------------- resolution

    /** Resolves an open flag (supervisors and admins, checked by the route); audited and announced. */
    public FraudFlag resolve(long flagId, String resolution, String note, Actor actor) {
        FraudFlag.Resolution r = OrderIntakeService.parseEnum(FraudFlag.Resolution.class, resolution, "resolution");
        if (note == null || note.isBlank()) {
            throw new InvalidInputException("note", "note is required: say what was checked");
        }
        String cleanNote = note.trim();
        if (cleanNote.length() > NOTE_LENGTH_MAX) {
            throw new InvalidInputException("note", "note is longer than " + NOTE_LENGTH_MAX + " characters");
        }
        return tx.inTransaction(() -> {
            FraudFlag flag = store.lock(flagId)
                    .orElseThrow(() -> new NotFoundException("fraud flag", String.valueOf(flagId)));
            if (flag.status() != FraudFlag.Status.OPEN) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("status", flag.status().name());
                details.put("resolution", flag.resolution().name());
                details.put("resolvedBy", flag.resolvedBy());
                throw new ConflictException("FLAG_ALREADY_RESOLVED", "fraud flag " + flagId + " was already resolved as "
                        + flag.resolution(), details);
            }
            store.resolve(flagId, r, cleanNote, actor.recordedId(), clock.instant());
            FraudFlag resolved = store.find(flagId).orElseThrow();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("before", FraudFlag.Status.OPEN.name());
            details.put("after", FraudFlag.Status.RESOLVED.name());
            details.put("resolution", r.name());
            details.put("note", cleanNote);
            details.put("rule", flag.rule().name());
            details.put("playerId", flag.playerId());
            details.put("scoreBefore", flag.playerScore());
            details.put("scoreAfter", resolved.playerScore());
            audit.append(AuditEvent.success(actor, "FRAUD_FLAG_RESOLVE", "FRAUD_FLAG", String.valueOf(flagId), details));
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("flagId", String.valueOf(flagId));
            payload.put("playerId", flag.playerId());
            payload.put("resolution", r.name());
            payload.put("fraudScore", resolved.playerScore());
            outbox.emit(EventTypes.FLAG_RESOLVED, "FRAUD_FLAG", String.valueOf(flagId), payload);
            return resolved;
        });
    }
}
