package teller.server.risk;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import teller.server.players.KycStatus;
import teller.server.players.Player;
import teller.server.players.PlayerStore;

/**
 * Limits and compliance around the approval rules: evaluates the limits when an order comes in (the
 * result travels with the order for the operator to see; self-exclusion refuses it outright) and
 * keeps each player's overrides, KYC and exclusion. The approval-time decision itself is
 * {@code approval.ApprovalRules}, over {@link Limits} and {@link Compliance} (decision 0060), which
 * records its checks through {@link RiskStore}. Every change of limits, KYC or exclusion is audited and
 * announced on the outbox.
 */
public final class RiskService implements IntakeScreen {

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
        Compliance.exclusionRefusal(created.type(), player, now).ifPresent(refusal -> {
            throw refusal;
        });
        List<LimitCheck> checks = Limits.evaluate(created.type(), created.amount(),
                store.activity(List.of(player.id()), now).getOrDefault(player.id(), PlayerActivity.NONE),
                effective(store.overrides(List.of(player.id())).getOrDefault(player.id(), Map.of())),
                LimitCheck.Phase.INTAKE, now);
        store.recordChecks(Map.of(created.id(), checks));
    }

    public boolean excludedNow(Player player) {
        return Compliance.excluded(player, clock.instant());
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
        return Limits.effective(settings.defaults(), overrides);
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
            if (Compliance.excluded(before, now) && shortens(before, kind, newEnd)) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("exclusionType", before.exclusionType());
                if (before.exclusionUntil() != null) {
                    details.put("until", before.exclusionUntil().toString());
                }
                throw new RuleViolationException("EXCLUSION_CANNOT_BE_SHORTENED", Compliance.RULE_SELF_EXCLUSION,
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
