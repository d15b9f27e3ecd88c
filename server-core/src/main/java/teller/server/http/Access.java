package teller.server.http;

import io.javalin.security.RouteRole;
import java.util.EnumSet;
import java.util.Set;
import teller.server.auth.Role;

/**
 * Who may call a route: nobody needs to sign in ({@link #PUBLIC}), or a session with one of the
 * roles, or an integration's API token with one of the scopes (routes name the scopes they accept
 * with {@link #orScope}; most accept none). A route {@link #signedBy} a header takes no bearer token
 * at all: its handler authenticates the request by that header's signature (payment webhooks).
 */
public record Access(boolean isPublic, Set<Role> roles, Set<String> scopes, String signatureHeader) implements RouteRole {
    public static final Access PUBLIC = new Access(true, Set.of(), Set.of(), null);
    /** Any signed-in operator, whatever the role. */
    public static final Access SIGNED_IN = new Access(false, EnumSet.allOf(Role.class), Set.of(), null);
    public static final Access DECIDE = of(Role.APPROVER, Role.SUPERVISOR, Role.ADMIN);
    public static final Access SUPERVISE = of(Role.SUPERVISOR, Role.ADMIN);
    public static final Access ADMINISTER = of(Role.ADMIN);
    public static final Access INSPECT = of(Role.SUPERVISOR, Role.ADMIN, Role.AUDITOR);
    public static final Access AUDIT = of(Role.ADMIN, Role.AUDITOR);

    public Access {
        roles = Set.copyOf(roles);
        scopes = Set.copyOf(scopes);
    }

    public Access(boolean isPublic, Set<Role> roles, Set<String> scopes) {
        this(isPublic, roles, scopes, null);
    }

    public static Access of(Role first, Role... rest) {
        return new Access(false, EnumSet.of(first, rest), Set.of());
    }

    /**
     * No session and no API token: the handler checks {@code header}'s signature before it reads
     * anything (decision 0036). The server lets the request through to it like a public one.
     */
    public static Access signedBy(String header) {
        return new Access(true, Set.of(), Set.of(), java.util.Objects.requireNonNull(header, "header"));
    }

    /** True when the handler, not the bearer token check, authenticates the request. */
    public boolean bySignature() {
        return signatureHeader != null;
    }

    /** The same roles, and also an API token that carries {@code scope}. */
    public Access orScope(String scope) {
        if (isPublic) {
            throw new IllegalStateException("a public route needs no scope");
        }
        java.util.Set<String> all = new java.util.HashSet<>(scopes);
        all.add(scope);
        return new Access(false, roles, all, null);
    }
}
