package teller.server.common;

import java.util.Objects;

/**
 * The principal behind an action, with where the request came from. {@code id} is the operator id
 * for operators, the token name for integrations, and null for the system.
 */
public record Actor(ActorType type, String id, String username, String origin) {
    public Actor {
        Objects.requireNonNull(type, "type");
    }

    public static Actor system(String what) {
        return new Actor(ActorType.SYSTEM, null, what, null);
    }

    /** The id recorded for this actor in history, audit and approvals: its id, or its name for the system. */
    public String recordedId() {
        return id != null ? id : username;
    }

    public boolean isOperator(String operatorId) {
        return type == ActorType.OPERATOR && operatorId != null && operatorId.equals(id);
    }
}
