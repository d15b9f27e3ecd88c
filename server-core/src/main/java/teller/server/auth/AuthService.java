package teller.server.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import teller.server.audit.AuditEvent;
import teller.server.audit.AuditLog;
import teller.server.common.Actor;
import teller.server.common.ActorType;
import teller.server.common.ConflictException;
import teller.server.common.InvalidInputException;
import teller.server.common.NotFoundException;
import teller.server.common.RuleViolationException;
import teller.server.common.Sha256;
import teller.server.common.Transactor;
import teller.server.common.UnauthorizedException;

/**
 * Operators and their sessions. Tokens carry 256 random bits and are stored only as SHA-256
 * hashes; validated tokens are cached briefly so an API call does not always cost a query.
 * A session ends on logout, after {@link AuthSettings#sessionIdle} without use, at its absolute
 * expiry, or when its operator is disabled.
 */
public final class AuthService {
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9_.-]{2,64}");
    private static final int TOKEN_BYTES = 32;
    private static final int SESSION_CACHE_MAX = 10_000;

    private final Transactor tx;
    private final OperatorStore operators;
    private final SessionStore sessions;
    private final AuditLog audit;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final AuthSettings settings;
    private final SecureRandom random = new SecureRandom();
    private final CredentialCache<Session> cache;
    private final LoginFailures addressFailures;

    public record Login(String token, Instant expiresAt, Operator operator) {
    }

    public AuthService(Transactor tx, OperatorStore operators, SessionStore sessions, LoginFailures addressFailures,
                       AuditLog audit, PasswordHasher hasher, Clock clock, AuthSettings settings) {
        this.tx = tx;
        this.addressFailures = addressFailures;
        this.operators = operators;
        this.sessions = sessions;
        this.audit = audit;
        this.hasher = hasher;
        this.clock = clock;
        this.settings = settings;
        this.cache = new CredentialCache<>(SESSION_CACHE_MAX, settings.sessionCacheTtl());
    }

    public Login login(String username, String password, String origin) {
        if (username == null || username.isBlank()) {
            throw new InvalidInputException("username", "username is required");
        }
        if (password == null || password.isEmpty()) {
            throw new InvalidInputException("password", "password is required");
        }
        String name = username.trim().toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        Actor anonymous = new Actor(ActorType.ANONYMOUS, null, name, origin);
        refuseSprayingAddress(origin, now);
        Optional<Operator> found = tx.read(() -> operators.findByUsername(name));
        if (found.isEmpty()) {
            hasher.burnTime(password);
            refuse(anonymous, name, "unknown username", now);
        }
        Operator operator = found.get();
        Actor actor = new Actor(ActorType.OPERATOR, String.valueOf(operator.id()), operator.username(), origin);
        if (operator.lockedUntil() != null && operator.lockedUntil().isAfter(now)) {
            hasher.burnTime(password);
            refuse(actor, name, "account locked until " + operator.lockedUntil(), now);
        }
        String hash = tx.read(() -> operators.passwordHash(operator.id())).orElseThrow();
        if (!operator.active() || !hasher.verify(password, hash)) {
            tx.run(() -> {
                recordAddressFailure(actor, now);
                operators.recordLoginFailure(operator.id(), settings.lockAfterFailures(), now,
                        now.plus(settings.lockDuration()));
                audit.append(new AuditEvent(actor, "LOGIN", "OPERATOR", String.valueOf(operator.id()),
                        AuditEvent.Outcome.FAILURE, Map.of("reason", operator.active() ? "wrong password" : "disabled")));
            });
            throw invalidCredentials();
        }
        String token = newToken();
        Instant expiresAt = now.plus(settings.sessionLifetime());
        tx.run(() -> {
            operators.recordLoginSuccess(operator.id());
            sessions.insert(Sha256.hex(token), operator.id(), now, expiresAt, origin);
            audit.append(AuditEvent.success(actor, "LOGIN", "OPERATOR", String.valueOf(operator.id()), Map.of()));
        });
        return new Login(token, expiresAt, operator);
    }

    private void refuse(Actor actor, String username, String reason, Instant now) {
        tx.run(() -> {
            recordAddressFailure(actor, now);
            audit.append(new AuditEvent(actor, "LOGIN", "OPERATOR", null, AuditEvent.Outcome.FAILURE,
                    Map.of("username", username, "reason", reason)));
        });
        throw invalidCredentials();
    }

    /**
     * Password spraying (one address, many usernames) never trips a per-account lockout, so failures
     * are also counted per address: with {@link AuthSettings#addressFailuresMax} of them in the
     * window, the address is refused before any password is checked, until the oldest ages out.
     */
    private void refuseSprayingAddress(String origin, Instant now) {
        Instant since = now.minus(settings.addressWindow());
        Optional<Instant> oldest = tx.read(() -> addressFailures.countSince(origin, since) >= settings.addressFailuresMax()
                ? addressFailures.oldestSince(origin, since) : Optional.<Instant>empty());
        if (oldest.isPresent()) {
            // Whole seconds until the oldest failure ages out, rounded up: at now + Retry-After it no longer counts.
            java.time.Duration left = java.time.Duration.between(now, oldest.get().plus(settings.addressWindow()));
            long seconds = Math.max(1, left.toSeconds() + (left.toNanosPart() > 0 ? 1 : 0));
            throw new teller.server.common.TooManyRequestsException("LOGIN_RATE_LIMITED",
                    "too many failed sign-ins from your address; try again in " + seconds + " s", seconds);
        }
    }

    /** Counts a failed sign-in against its address; the failure that reaches the limit is audited as such. */
    private void recordAddressFailure(Actor actor, Instant now) {
        Instant since = now.minus(settings.addressWindow());
        addressFailures.record(actor.origin(), now, since);
        if (addressFailures.countSince(actor.origin(), since) == settings.addressFailuresMax()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("address", actor.origin());
            details.put("failures", settings.addressFailuresMax());
            details.put("windowMinutes", settings.addressWindow().toMinutes());
            audit.append(new AuditEvent(actor, "LOGIN_ADDRESS_LIMITED", "ADDRESS", actor.origin(),
                    AuditEvent.Outcome.DENIED, details));
        }
    }

    private static UnauthorizedException invalidCredentials() {
        return new UnauthorizedException("INVALID_CREDENTIALS", "wrong username or password, or the account is locked");
    }

    /** The session behind a bearer token, or empty when it is unknown, expired or revoked. */
    public Optional<Session> authenticate(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        String tokenHash = Sha256.hex(token);
        Instant now = clock.instant();
        // Concurrent misses on one token share one read and one recorded use (decision 0210).
        CredentialCache.Resolved<Session> resolved = cache.resolve(tokenHash, now,
                session -> session.expiresAt().isAfter(now),
                () -> tx.read(() -> sessions.findLive(tokenHash, now, now.minus(settings.sessionIdle()))));
        if (resolved.loaded() && resolved.value().isPresent()) {
            tx.run(() -> sessions.touch(tokenHash, now));
        }
        return resolved.value();
    }

    /**
     * Whether a session that was authenticated earlier is still live now: asked of the database, not
     * the cache, so that a logout, password reset or disable on any replica counts at once; and
     * without counting as use, so that a long-running event stream does not keep an idle session alive.
     */
    public boolean stillLive(Session session) {
        Instant now = clock.instant();
        return tx.read(() -> sessions.findLive(session.tokenHash(), now, now.minus(settings.sessionIdle()))).isPresent();
    }

    public void logout(Session session, Actor actor) {
        cache.remove(session.tokenHash());
        tx.run(() -> {
            sessions.revoke(session.tokenHash(), clock.instant());
            audit.append(AuditEvent.success(actor, "LOGOUT", "OPERATOR", String.valueOf(session.operator().id()), Map.of()));
        });
    }

    /** Changes roles and whether the operator may sign in; see {@link #updateOperator(long, Set, Boolean, String, Actor)}. */
    public Operator updateOperator(long operatorId, Set<Role> roles, Boolean active, Actor actor) {
        return updateOperator(operatorId, roles, active, null, actor);
    }

    /**
     * Changes an operator's roles, whether they may sign in, and their password; null leaves a part
     * as it is. Disabling or a new password ends every session of the operator at once (a reset
     * password is usually a suspected leak), and a new password also lifts a lockout. An
     * administrator cannot disable or demote themselves, so the console always keeps someone who
     * can undo a change.
     */
    public Operator updateOperator(long operatorId, Set<Role> roles, Boolean active, String password, Actor actor) {
        if (roles != null && roles.isEmpty()) {
            throw new InvalidInputException("roles", "at least one role is required");
        }
        if (roles == null && active == null && password == null) {
            throw new InvalidInputException("body", "nothing to change: give roles, active and/or password");
        }
        if (password != null) {
            validPassword(password);
        }
        // Hashing is slow on purpose: done before the row is locked.
        String hash = password == null ? null : hasher.hash(password);
        Operator updated = tx.inTransaction(() -> {
            Operator before = operators.lockById(operatorId)
                    .orElseThrow(() -> new NotFoundException("operator", String.valueOf(operatorId)));
            Set<Role> newRoles = roles == null ? before.roles() : EnumSet.copyOf(roles);
            boolean newActive = active == null ? before.active() : active;
            if (actor.isOperator(String.valueOf(operatorId)) && (!newActive || !newRoles.contains(Role.ADMIN))) {
                throw new RuleViolationException("OPERATOR_SELF_LOCKOUT", "SELF_LOCKOUT",
                        "you may not disable yourself or take away your own ADMIN role", Map.of());
            }
            Operator updatedRow = operators.update(operatorId, newRoles, newActive);
            Operator after = updatedRow;
            if (hash != null) {
                operators.setPasswordHash(operatorId, hash);
                // The same reset as a successful sign-in: failed attempts forgotten, any lock lifted.
                operators.recordLoginSuccess(operatorId);
                after = new Operator(updatedRow.id(), updatedRow.username(), updatedRow.roles(), updatedRow.active(), 0,
                        null, updatedRow.createdAt());
            }
            int ended = newActive && hash == null ? 0 : sessions.revokeAllOf(operatorId, clock.instant());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("before", Map.of("roles", names(before.roles()), "active", before.active()));
            details.put("after", Map.of("roles", names(after.roles()), "active", after.active()));
            // Never the password or its hash: only that it changed.
            details.put("passwordReset", hash != null);
            details.put("sessionsEnded", ended);
            audit.append(AuditEvent.success(actor, "OPERATOR_UPDATE", "OPERATOR", String.valueOf(operatorId), details));
            return after;
        });
        // Cached sessions would keep the old roles (or a disabled operator) for up to the cache TTL.
        cache.removeIf(session -> session.operator().id() == operatorId);
        return updated;
    }

    /**
     * Writes the audit row of a refused request, whose own transaction rolled back: DENIED
     * ({@code ACCESS_DENIED}) for a role or rule that forbids it (such as self-approval), FAILURE
     * ({@code REQUEST_REFUSED}) for a write the state or a business rule refused.
     */
    public void recordRefusal(Actor actor, AuditEvent.Outcome outcome, String resourceType, String resourceId,
                              Map<String, Object> details) {
        String action = outcome == AuditEvent.Outcome.DENIED ? "ACCESS_DENIED" : "REQUEST_REFUSED";
        tx.run(() -> audit.append(new AuditEvent(actor, action, resourceType, resourceId, outcome, details)));
    }

    private static List<String> names(Set<Role> roles) {
        return roles.stream().map(Enum::name).sorted().toList();
    }

    public Operator createOperator(String username, String password, Set<Role> roles, Actor actor) {
        String name = validUsername(username);
        validPassword(password);
        if (roles == null || roles.isEmpty()) {
            throw new InvalidInputException("roles", "at least one role is required");
        }
        String hash = hasher.hash(password);
        return tx.inTransaction(() -> {
            if (operators.findByUsername(name).isPresent()) {
                throw new ConflictException("OPERATOR_EXISTS", "operator " + name + " already exists", Map.of("username", name));
            }
            Operator created = operators.insert(name, hash, EnumSet.copyOf(roles));
            audit.append(AuditEvent.success(actor, "OPERATOR_CREATE", "OPERATOR", String.valueOf(created.id()),
                    Map.of("username", name, "roles", roles.stream().map(Enum::name).sorted().toList())));
            return created;
        });
    }

    /**
     * Makes sure the bootstrap administrator exists. With a password given, the admin account
     * uses it (created or reset); without one, a new admin gets a random password, returned so the
     * caller can show it once. Returns empty when nothing was generated.
     */
    public Optional<String> ensureAdmin(String username, String configuredPassword) {
        Optional<Operator> existing = tx.read(() -> operators.findByUsername(username));
        Actor system = Actor.system("bootstrap");
        if (configuredPassword != null && !configuredPassword.isEmpty()) {
            validPassword(configuredPassword);
            if (existing.isEmpty()) {
                createOperator(username, configuredPassword, EnumSet.of(Role.ADMIN), system);
            } else {
                String stored = tx.read(() -> operators.passwordHash(existing.get().id())).orElseThrow();
                if (!hasher.verify(configuredPassword, stored)) {
                    String hash = hasher.hash(configuredPassword);
                    tx.run(() -> {
                        operators.setPasswordHash(existing.get().id(), hash);
                        audit.append(AuditEvent.success(system, "OPERATOR_PASSWORD_RESET", "OPERATOR",
                                String.valueOf(existing.get().id()), Map.of("reason", "TELLER_ADMIN_PASSWORD changed")));
                    });
                }
            }
            return Optional.empty();
        }
        if (existing.isPresent()) {
            return Optional.empty();
        }
        String generated = newToken().substring(0, 24);
        createOperator(username, generated, EnumSet.of(Role.ADMIN), system);
        return Optional.of(generated);
    }

    public List<Operator> listOperators() {
        return tx.read(operators::list);
    }

    private String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String validUsername(String username) {
        if (username == null || username.isBlank()) {
            throw new InvalidInputException("username", "username is required");
        }
        String name = username.trim().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(name).matches()) {
            throw new InvalidInputException("username", "username must be 2-64 of a-z, 0-9, '_', '.', '-'");
        }
        return name;
    }

    private static void validPassword(String password) {
        if (password == null || password.length() < PasswordHasher.PASSWORD_LENGTH_MIN
                || password.length() > PasswordHasher.PASSWORD_LENGTH_MAX) {
            throw new InvalidInputException("password", "password must be " + PasswordHasher.PASSWORD_LENGTH_MIN + "-"
                    + PasswordHasher.PASSWORD_LENGTH_MAX + " characters");
        }
    }
}
