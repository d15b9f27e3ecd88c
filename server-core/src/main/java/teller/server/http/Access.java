package teller.server.http;

import io.javalin.security.RouteRole;
import java.util.EnumSet;
import java.util.Set;
import teller.server.auth.Role;

/** Who may call a route: nobody needs to sign in ({@link #PUBLIC}), or a session with one of the roles. */
public record Access(boolean isPublic, Set<Role> roles) implements RouteRole {
    public static final Access PUBLIC = new Access(true, Set.of());
    /** Any signed-in operator, whatever the role. */
    public static final Access SIGNED_IN = new Access(false, EnumSet.allOf(Role.class));
    public static final Access DECIDE = of(Role.APPROVER, Role.SUPERVISOR, Role.ADMIN);
    public static final Access SUPERVISE = of(Role.SUPERVISOR, Role.ADMIN);
    public static final Access ADMINISTER = of(Role.ADMIN);
    public static final Access INSPECT = of(Role.SUPERVISOR, Role.ADMIN, Role.AUDITOR);
    public static final Access AUDIT = of(Role.ADMIN, Role.AUDITOR);

    public static Access of(Role first, Role... rest) {
        return new Access(false, EnumSet.of(first, rest));
    }
}
