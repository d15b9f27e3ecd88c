package teller.ui.api;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Operators and integration API tokens ({@code /api/v1/operators}, {@code /api/v1/api-tokens}):
 * what the Operators screen calls. Listing needs ADMIN or AUDITOR, every change ADMIN.
 */
public final class OperatorsApi {
    /** The roles the server knows (DESIGN.md), in the order the console offers them. */
    public static final List<String> ROLES = List.of("VIEWER", "APPROVER", "SUPERVISOR", "ADMIN", "AUDITOR");
    /** The scopes an integration token may carry (server-core {@code auth.Scopes}). */
    public static final List<String> SCOPES = List.of("orders:create", "orders:read", "players:read", "players:write");

    private final TellerClient client;

    public OperatorsApi(TellerClient client) {
        this.client = Objects.requireNonNull(client);
    }

    /** An operator as the server lists them; {@code lockedUntil} is set while wrong passwords lock the account. */
    public record Operator(String id, String username, List<String> roles, boolean active, Instant createdAt,
                           Instant lockedUntil) {
        public Operator {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }

        public boolean lockedAt(Instant now) {
            return lockedUntil != null && lockedUntil.isAfter(now);
        }
    }

    /** An integration's token without its secret. */
    public record ApiToken(String id, String name, List<String> scopes, boolean active, Instant createdAt,
                           String createdBy, Instant revokedAt, Instant lastUsedAt) {
        public ApiToken {
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
        }
    }

    /**
     * A token just created: {@code secret} is in this answer only. Callers show it once and drop the
     * object; {@link #toString()} never prints it.
     */
    public record CreatedToken(ApiToken token, String secret) {
        @Override
        public String toString() {
            return "CreatedToken[" + token + "]";
        }
    }

    private record Page<T>(List<T> items, String nextCursor) {
    }

    /** The fields of the create answer: the token's view plus its secret. */
    private record CreatedTokenBody(String id, String name, List<String> scopes, boolean active, Instant createdAt,
                                    String createdBy, Instant revokedAt, Instant lastUsedAt, String token) {
    }

    public List<Operator> operators() {
        Page<Operator> page = client.get("api/v1/operators", Map.of(), new TypeReference<Page<Operator>>() { });
        return page == null || page.items() == null ? List.of() : List.copyOf(page.items());
    }

    public Operator create(String username, String password, List<String> roles) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("password", password);
        body.put("roles", roles);
        return client.post("api/v1/operators", body, Operator.class);
    }

    /** Enables or disables sign-in; disabling ends the operator's sessions at once. */
    public Operator setActive(String operatorId, boolean active) {
        return client.patch(path(operatorId), Map.of("active", active), Operator.class);
    }

    public Operator setRoles(String operatorId, List<String> roles) {
        return client.patch(path(operatorId), Map.of("roles", roles), Operator.class);
    }

    /** Sets a new password: the operator's sessions end and a lock is lifted. */
    public Operator resetPassword(String operatorId, String password) {
        return client.patch(path(operatorId), Map.of("password", password), Operator.class);
    }

    public List<ApiToken> tokens() {
        Page<ApiToken> page = client.get("api/v1/api-tokens", Map.of(), new TypeReference<Page<ApiToken>>() { });
        return page == null || page.items() == null ? List.of() : List.copyOf(page.items());
    }

    public CreatedToken createToken(String name, List<String> scopes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("scopes", scopes);
        CreatedTokenBody created = client.post("api/v1/api-tokens", body, CreatedTokenBody.class);
        return new CreatedToken(new ApiToken(created.id(), created.name(), created.scopes(), created.active(),
                created.createdAt(), created.createdBy(), created.revokedAt(), created.lastUsedAt()), created.token());
    }

    public ApiToken revokeToken(String tokenId) {
        return client.post("api/v1/api-tokens/" + TellerClient.pathSegment(tokenId) + "/revoke", null, ApiToken.class);
    }

    private static String path(String operatorId) {
        return "api/v1/operators/" + TellerClient.pathSegment(operatorId);
    }
}
