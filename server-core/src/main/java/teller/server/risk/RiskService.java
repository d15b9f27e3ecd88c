package teller.server.risk;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import teller.server.approval.ApprovalGate;
import teller.server.approval.DepositApproval;
import teller.server.audit.AuditEvent;
import teller.server.audit.AuditLog;
import teller.server.common.Actor;
import teller.server.common.InvalidInputException;
import teller.server.common.NotFoundException;
import teller.server.common.RuleViolationException;
import teller.server.common.Transactor;
import teller.server.events.EventTypes;
import teller.server.events.Outbox;
import teller.server.orders.IntakeScreen;
import teller.server.orders.Order;
import teller.server.orders.OrderIntakeService;
import teller.server.orders.OrderStatus;
import teller.server.orders.OrderType;
import teller.server.players.KycStatus;
import teller.server.players.Player;
import teller.server.players.PlayerStore;

/**
 * Limits and compliance. Limits are checked when an order comes in (the result travels with the
 * order for the operator to see) and again, under a per-player lock, when it is approved, where a
 * failed limit refuses the approval. Self-exclusion refuses deposits and game loads at both points;
 * KYC gates the approval of withdrawals. Every change of limits, KYC or exclusion is audited and
 * announced on the outbox.
 */
public final class RiskService implements ApprovalGate, IntakeScreen {
    public static final String RULE_SELF_EXCLUSION = "SELF_EXCLUSION";
    public static final String RULE_KYC = "KYC";

    private final Transactor tx;
    private final RiskStore store;
    private final PlayerStore players;
    private final AuditLog audit;
    private final Outbox outbox;
    private final Clock clock;
    private final RiskSettings settings;

    public RiskService(Transactor tx, RiskStore store, PlayerStore players, AuditLog audit, Outbox outbox, Clock clock,
                       RiskSettings settings) {
        this.tx = tx;
        this.store = store;
        this.players = players;
        this.audit = audit;
        this.outbox = outbox;
        this.clock = clock;
        this.settings = settings;
    }

    // ---------------------------------------------------------------- intake

    @Override
    public void screen(Order created, Player player) {
        Instant now = clock.instant();
        refuseIfExcluded(created.type(), player, now).ifPresent(refusal -> {
            throw refusal;
        });
        List<LimitCheck> checks = Limits.evaluate(created.type(), created.amount(),
                store.activity(List.of(player.id()), now).getOrDefault(player.id(), PlayerActivity.NONE),
                effective(store.overrides(List.of(player.id())).getOrDefault(player.id(), Map.of())),
                LimitCheck.Phase.INTAKE, now);
        store.recordChecks(Map.of(created.id(), checks));
    }

    // ---------------------------------------------------------------- approval

    @Override
    public Optional<RuleViolationException> screen(Order order, Actor actor) {
        store.lockPlayers(List.of(order.playerId()));
        Player player = players.find(order.playerId())
                .orElseThrow(() -> new IllegalStateException("order " + order.id() + " has no player"));
        Instant now = clock.instant();
        Decision decision = decide(order.id(), order.type(), order.amount(), player,
                store.activity(List.of(player.id()), now).getOrDefault(player.id(), PlayerActivity.NONE),
                store.overrides(List.of(player.id())).getOrDefault(player.id(), Map.of()), now);
        store.recordChecks(Map.of(order.id(), decision.checks()));
        decision.refusal().ifPresent(r -> denied(actor, order.id(), r));
        return decision.refusal();
    }

    /**
     * Screens a group-commit batch in its transaction: locks the batch's players, reads the orders
     * with their players once, under the locks (so a KYC or exclusion change that committed before
     * is seen), reads their activity and overrides once for the whole batch, and counts the batch's
     * earlier deposits of the same player as approved, so the batch cannot carry a player past a
     * limit either.
     */
    @Override
    public Map<Long, RuleViolationException> screenDeposits(List<DepositApproval> approvals) {
        List<Long> orderIds = approvals.stream().map(DepositApproval::orderId).toList();
        store.lockPlayersOf(orderIds);
        TreeSet<String> playerIds = new TreeSet<>();
        Map<Long, RiskStore.Subject> byOrder = new HashMap<>();
        for (RiskStore.Subject s : store.subjects(orderIds)) {
            playerIds.add(s.player().id());
            if (s.type() == OrderType.DEPOSIT && s.status() == OrderStatus.PENDING_REVIEW) {
                byOrder.put(s.orderId(), s);
            }
        }
        if (playerIds.isEmpty()) {
            return Map.of();
        }
        Instant now = clock.instant();
        Map<String, PlayerActivity> activity = new HashMap<>(store.activity(playerIds, now));
        Map<String, Map<LimitRule, Long>> overrides = store.overrides(playerIds);
        Map<Long, List<LimitCheck>> recorded = new LinkedHashMap<>();
        Map<Long, RuleViolationException> refused = new HashMap<>();
        for (DepositApproval approval : approvals) {
            RiskStore.Subject s = byOrder.remove(approval.orderId());
            if (s == null) {
                continue; // not a pending deposit (or listed twice): the approval function answers it
            }
            String playerId = s.player().id();
            PlayerActivity before = activity.getOrDefault(playerId, PlayerActivity.NONE);
            Decision decision = decide(s.orderId(), s.type(), s.amount(), s.player(), before,
                    overrides.getOrDefault(playerId, Map.of()), now);
            recorded.put(s.orderId(), decision.checks());
            if (decision.refusal().isPresent()) {
                refused.put(s.orderId(), decision.refusal().get());
                denied(approval.actor(), s.orderId(), decision.refusal().get());
            } else {
                activity.put(playerId, before.plus(s.type(), s.amount(), now));
            }
        }
        store.recordChecks(recorded);
        return refused;
    }

    private record Decision(List<LimitCheck> checks, Optional<RuleViolationException> refusal) {
    }

    /** Compliance first, then limits; every limit is evaluated either way so the operator sees them all. */
    private Decision decide(long orderId, OrderType type, long amount, Player player, PlayerActivity activity,
                            Map<LimitRule, Long> overrides, Instant now) {
        Optional<RuleViolationException> compliance = refuseIfExcluded(type, player, now)
                .or(() -> refuseWithoutKyc(type, player));
        List<LimitCheck> checks = Limits.evaluate(type, amount, activity, effective(overrides), LimitCheck.Phase.APPROVAL, now);
        if (compliance.isPresent()) {
            return new Decision(checks, compliance);
        }
        return new Decision(checks, checks.stream().filter(LimitCheck::failed).findFirst().map(failed -> {
            Map<String, Object> details = new LinkedHashMap<>();
            // Error details hold no nulls; a failed check always has both numbers.
            details.put("limit", failed.limit());
            details.put("current", failed.current());
            details.put("orderId", String.valueOf(orderId));
            return new RuleViolationException("LIMIT_EXCEEDED", failed.rule().name(),
                    failed.rule().name() + " refuses this order: " + describe(failed), details);
        }));
    }

    private static String describe(LimitCheck check) {
        if (check.rule() == LimitRule.WITHDRAWAL_COOLDOWN_SECONDS) {
            return "the last withdrawal was " + check.current() + " s ago, the cooldown is " + check.limit() + " s";
        }
        return check.current() + " would exceed the limit of " + check.limit();
    }

    private Optional<RuleViolationException> refuseIfExcluded(OrderType type, Player player, Instant now) {
        if (type == OrderType.WITHDRAWAL || !excluded(player, now)) {
            return Optional.empty();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("exclusionType", player.exclusionType());
        if (player.exclusionUntil() != null) {
            details.put("until", player.exclusionUntil().toString());
        }
        return Optional.of(new RuleViolationException("PLAYER_SELF_EXCLUDED", RULE_SELF_EXCLUSION,
                "player " + player.id() + " is self-excluded (" + player.exclusionType()
                        + (player.exclusionUntil() == null ? "" : " until " + player.exclusionUntil())
                        + "): no " + type + " is accepted", details));
    }

    private Optional<RuleViolationException> refuseWithoutKyc(OrderType type, Player player) {
        if (type != OrderType.WITHDRAWAL || !settings.kycRequiredForWithdrawal()
                || player.kycStatus() == KycStatus.VERIFIED) {
            return Optional.empty();
        }
        return Optional.of(new RuleViolationException("KYC_NOT_VERIFIED", RULE_KYC,
                "player " + player.id() + " has KYC status " + player.kycStatus() + "; a withdrawal needs VERIFIED",
                Map.of("kycStatus", player.kycStatus().name())));
    }

    /** Self-exclusion in force: PERMANENT always, the others until their end. */
    public static boolean excluded(Player player, Instant now) {
        if (player.exclusionType() == null) {
            return false;
        }
        return ExclusionType.PERMANENT.name().equals(player.exclusionType())
                || player.exclusionUntil() != null && player.exclusionUntil().isAfter(now);
    }

    public boolean excludedNow(Player player) {
        return excluded(player, clock.instant());
    }

    private void denied(Actor actor, long orderId, RuleViolationException refusal) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("code", refusal.code());
        details.put("rule", refusal.details().get("rule"));
        details.put("message", refusal.getMessage());
        audit.append(new AuditEvent(actor, "ORDER_APPROVE", "ORDER", String.valueOf(orderId), AuditEvent.Outcome.DENIED,
                details));
    }

    // ---------------------------------------------------------------- reads

    public List<LimitCheck> checks(long orderId) {
        return tx.read(() -> store.checks(orderId));
    }

    public List<EffectiveLimit> limits(String playerId) {
        return tx.read(() -> {
            requirePlayer(playerId);
            return effectiveLimits(store.overrides(List.of(playerId)).getOrDefault(playerId, Map.of()));
        });
    }

    private List<EffectiveLimit> effectiveLimits(Map<LimitRule, Long> overrides) {
        List<EffectiveLimit> all = new ArrayList<>();
        Map<LimitRule, Long> effective = effective(overrides);
        for (LimitRule rule : LimitRule.values()) {
            all.add(new EffectiveLimit(rule, settings.defaults().get(rule), overrides.get(rule), effective.get(rule)));
        }
        return all;
    }

    private Map<LimitRule, Long> effective(Map<LimitRule, Long> overrides) {
        EnumMap<LimitRule, Long> effective = new EnumMap<>(LimitRule.class);
        effective.putAll(settings.defaults());
        effective.putAll(overrides);
        return effective;
    }

    // ---------------------------------------------------------------- changes

    /**
     * Replaces a player's overrides with {@code requested} (rule name -> whole number >= 0, or null
     * for "use the default"); rules not named fall back to their default.
     */
    public List<EffectiveLimit> replaceLimits(String playerId, Map<String, Object> requested, Actor actor) {
        if (requested == null) {
            throw new InvalidInputException("body", "a JSON object of limits is required");
        }
        EnumMap<LimitRule, Long> overrides = new EnumMap<>(LimitRule.class);
        requested.forEach((name, value) -> {
            LimitRule rule;
            try {
                rule = LimitRule.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(name, name + " is not a limit; use one of "
                        + java.util.Arrays.toString(LimitRule.values()));
            }
            if (value == null) {
                return;
            }
            if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0) {
                throw new InvalidInputException(name, name + " must be a whole number >= 0 (minor units or seconds) or null");
            }
            overrides.put(rule, ((Number) value).longValue());
        });
        return tx.inTransaction(() -> {
            requirePlayer(playerId);
            store.lockPlayers(List.of(playerId));
            Map<LimitRule, Long> before = store.overrides(List.of(playerId)).getOrDefault(playerId, Map.of());
            store.replaceOverrides(playerId, overrides, actor.recordedId());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("before", names(before));
            details.put("after", names(overrides));
            audit.append(AuditEvent.success(actor, "PLAYER_LIMITS_SET", "PLAYER", playerId, details));
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("playerId", playerId);
            payload.put("overrides", names(overrides));
            outbox.emit(EventTypes.PLAYER_LIMITS_CHANGED, "PLAYER", playerId, payload);
            return effectiveLimits(overrides);
        });
    }

    private static Map<String, Object> names(Map<LimitRule, Long> limits) {
        Map<String, Object> named = new LinkedHashMap<>();
        limits.forEach((rule, value) -> named.put(rule.name(), value));
        return named;
    }

    public Player setKyc(String playerId, String status, Actor actor) {
        KycStatus kyc = OrderIntakeService.parseEnum(KycStatus.class, status, "status");
        return tx.inTransaction(() -> {
            Player before = requirePlayer(playerId);
            store.setKyc(playerId, kyc);
            audit.append(AuditEvent.success(actor, "PLAYER_KYC_SET", "PLAYER", playerId,
                    Map.of("before", before.kycStatus().name(), "after", kyc.name())));
            outbox.emit(EventTypes.PLAYER_KYC_CHANGED, "PLAYER", playerId,
                    Map.of("playerId", playerId, "kycStatus", kyc.name()));
            return requirePlayer(playerId);
        });
    }

    /**
     * Records a self-exclusion. TEMPORARY and EXTENDED need an end in the future, PERMANENT takes
     * none. An exclusion in force can be lengthened or made permanent but never shortened or lifted:
     * that protection is the point of self-exclusion.
     */
    public Player setExclusion(String playerId, String type, String until, Actor actor) {
        ExclusionType kind = OrderIntakeService.parseEnum(ExclusionType.class, type, "type");
        Instant now = clock.instant();
        Instant end = null;
        if (kind == ExclusionType.PERMANENT) {
            if (until != null && !until.isBlank()) {
                throw new InvalidInputException("until", "a PERMANENT exclusion has no end; leave until out");
            }
        } else {
            if (until == null || until.isBlank()) {
                throw new InvalidInputException("until", "a " + kind + " exclusion needs until (ISO-8601 UTC)");
            }
            try {
                end = Instant.parse(until.trim());
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("until", "until must be an ISO-8601 UTC time such as 2030-01-31T00:00:00Z");
            }
            if (!end.isAfter(now)) {
                throw new InvalidInputException("until", "until must be in the future");
            }
        }
        Instant newEnd = end;
        return tx.inTransaction(() -> {
            store.lockPlayers(List.of(playerId));
            Player before = requirePlayer(playerId);
            if (excluded(before, now) && shortens(before, kind, newEnd)) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("exclusionType", before.exclusionType());
                if (before.exclusionUntil() != null) {
                    details.put("until", before.exclusionUntil().toString());
                }
                throw new RuleViolationException("EXCLUSION_CANNOT_BE_SHORTENED", RULE_SELF_EXCLUSION,
                        "player " + playerId + " is excluded (" + before.exclusionType()
                                + (before.exclusionUntil() == null ? "" : " until " + before.exclusionUntil())
                                + "); an exclusion in force can only be lengthened", details);
            }
            store.setExclusion(playerId, kind, newEnd, now);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("before", exclusionText(before.exclusionType(), before.exclusionUntil()));
            details.put("after", exclusionText(kind.name(), newEnd));
            audit.append(AuditEvent.success(actor, "PLAYER_EXCLUSION_SET", "PLAYER", playerId, details));
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("playerId", playerId);
            payload.put("type", kind.name());
            payload.put("until", newEnd == null ? null : newEnd.toString());
            outbox.emit(EventTypes.PLAYER_EXCLUDED, "PLAYER", playerId, payload);
            return requirePlayer(playerId);
        });
    }

    private static boolean shortens(Player current, ExclusionType kind, Instant end) {
        if (ExclusionType.PERMANENT.name().equals(current.exclusionType())) {
            return kind != ExclusionType.PERMANENT;
        }
        return kind != ExclusionType.PERMANENT && end.isBefore(current.exclusionUntil());
    }

    private static String exclusionText(String type, Instant until) {
        return type == null ? "NONE" : type + (until == null ? "" : " until " + until);
    }

    private Player requirePlayer(String playerId) {
        return players.find(playerId).orElseThrow(() -> new NotFoundException("player", playerId));
    }
}
