package teller.server.risk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import teller.server.auth.Role;
import teller.server.common.Actor;
import teller.server.common.ActorType;
import teller.server.common.RuleViolationException;

/**
 * The fraud gate, with no I/O (decision 0035): an order of a RISKY or FRAUDULENT player may be
 * approved only by an active SUPERVISOR or ADMIN. The system (a signed, confirmed payment webhook:
 * money that has already arrived) is not refused, as it has no approval cap either. Integrations
 * never pass.
 */
public final class FraudGate {
    public static final String RULE = "FRAUD_LEVEL";
    public static final List<String> ROLES_THAT_PASS = List.of(Role.SUPERVISOR.name(), Role.ADMIN.name());

    private FraudGate() {
    }

    /** True when this caller passes the gate whatever the level (the system, a supervisor, an admin). */
    public static boolean passesAnyLevel(Actor actor, Set<String> roles) {
        if (actor.type() == ActorType.SYSTEM) {
            return true;
        }
        return actor.type() != ActorType.INTEGRATION && roles.stream().anyMatch(ROLES_THAT_PASS::contains);
    }

    /** The refusal for {@code actor} (whose active operator roles are {@code roles}), or empty when it passes. */
    public static Optional<RuleViolationException> refusal(String playerId, int score, Actor actor, Set<String> roles) {
        FraudLevel level = FraudLevel.of(score);
        if (!level.needsSupervisor() || passesAnyLevel(actor, roles)) {
            return Optional.empty();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("playerId", playerId);
        details.put("fraudScore", score);
        details.put("fraudLevel", level.name());
        details.put("requiredRoles", ROLES_THAT_PASS);
        return Optional.of(new RuleViolationException("SUPERVISOR_REQUIRED", RULE, "player " + playerId
                + " is " + level + " (fraud score " + score + "): only a SUPERVISOR or ADMIN may approve their orders",
                details));
    }
}
