package teller.server.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import teller.server.audit.AuditEvent;
import teller.server.audit.AuditLog;
import teller.server.common.Actor;
import teller.server.common.ConflictException;
import teller.server.common.InvalidInputException;
import teller.server.common.NotFoundException;
import teller.server.common.Sha256;
import teller.server.common.Transactor;

/**
 * API tokens for integrations. The secret (256 random bits, prefixed so it is recognisable in a
 * leak scan and told apart from a session token) is returned once at creation and stored only as
 * its SHA-256. Validated tokens are cached as briefly as sessions; revoking evicts the cache here,
 * and other replicas notice within the cache TTL.
 */
public final class ApiTokenService {
    public static final String PREFIX = "tlr_";
    private static final Pattern NAME = Pattern.compile("[a-z0-9_.-]{2,64}");
    private static final int TOKEN_BYTES = 32;
    private static final int CACHE_MAX = 10_000;

    private final Transactor tx;
    private final ApiTokenStore tokens;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final CredentialCache<ApiToken> cache;

    /** A new token: {@code secret} is shown to the administrator once and never again. */
    public record Created(ApiToken token, String secret) {
    }

    public ApiTokenService(Transactor tx, ApiTokenStore tokens, AuditLog audit, Clock clock, Duration cacheTtl) {
        this.tx = tx;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
        this.cache = new CredentialCache<>(CACHE_MAX, cacheTtl);
    }

    public static boolean looksLikeApiToken(String bearer) {
        return bearer != null && bearer.startsWith(PREFIX);
    }

    public Created create(String name, List<String> scopes, Actor actor) {
        String cleanName = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
        if (!NAME.matcher(cleanName).matches()) {
            throw new InvalidInputException("name", "name must be 2-64 of a-z, 0-9, '_', '.', '-'");
        }
        if (scopes == null || scopes.isEmpty()) {
            throw new InvalidInputException("scopes", "at least one scope is required; one of " + new TreeSet<>(Scopes.ALL));
        }
        Set<String> clean = new TreeSet<>();
        for (String scope : scopes) {
            if (!Scopes.ALL.contains(scope)) {
                throw new InvalidInputException("scopes", "unknown scope " + scope + "; one of " + new TreeSet<>(Scopes.ALL));
            }
            clean.add(scope);
        }
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ApiToken created = tx.inTransaction(() -> {
            if (tokens.findByName(cleanName).isPresent()) {
                throw new ConflictException("API_TOKEN_EXISTS", "an API token named " + cleanName + " already exists",
                        Map.of("name", cleanName));
            }
            ApiToken token = tokens.insert(cleanName, Sha256.hex(secret), clean, actor.id(), clock.instant());
            audit.append(AuditEvent.success(actor, "API_TOKEN_CREATE", "API_TOKEN", String.valueOf(token.id()),
                    Map.of("name", cleanName, "scopes", List.copyOf(clean))));
            return token;
        });
        return new Created(created, secret);
    }

    public List<ApiToken> list() {
        return tx.read(tokens::list);
    }

    public ApiToken revoke(long id, Actor actor) {
        ApiToken revoked = tx.inTransaction(() -> {
            ApiToken token = tokens.revoke(id, clock.instant())
                    .orElseThrow(() -> new NotFoundException("API token", String.valueOf(id)));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("name", token.name());
            audit.append(AuditEvent.success(actor, "API_TOKEN_REVOKE", "API_TOKEN", String.valueOf(id), details));
            return token;
        });
        cache.removeIf(token -> token.id() == id);
        return revoked;
    }

    /**
     * Whether the integration named {@code name} still holds an unrevoked token, asked of the database
     * (not the cache) and without recording a use: for work that outlives the request that was
     * authenticated, such as an event stream. Names are never reused, so the name is the token.
     */
    public boolean stillActive(String name) {
        return tx.read(() -> tokens.findByName(name)).map(ApiToken::active).orElse(false);
    }

    /** The active token behind a bearer secret; records when it was last used (at most once per cache TTL). */
    public Optional<ApiToken> authenticate(String secret) {
        if (!looksLikeApiToken(secret)) {
            return Optional.empty();
        }
        String hash = Sha256.hex(secret);
        Instant now = clock.instant();
        // Concurrent misses on one token share one read and one recorded use (decision 0210).
        CredentialCache.Resolved<ApiToken> resolved = cache.resolve(hash, now, token -> true,
                () -> tx.read(() -> tokens.findActive(hash)));
        if (resolved.loaded() && resolved.value().isPresent()) {
            tx.run(() -> tokens.touch(resolved.value().get().id(), now));
        }
        return resolved.value();
    }
}
