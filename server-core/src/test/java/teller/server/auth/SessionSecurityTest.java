package teller.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.DomainGraph;
import teller.server.support.TestServer;

/**
 * Session rules over real HTTP with a clock the test moves: idle and absolute timeouts, logout,
 * disabling an operator, and the lock after repeated wrong passwords. Nothing here sleeps.
 */
class SessionSecurityTest {
    private static final Duration IDLE = Duration.ofMinutes(15);
    private static final Duration LIFETIME = Duration.ofMinutes(40);
    private static final Duration LOCK = Duration.ofMinutes(30);
    private static final int FAILURES_MAX = 10;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    static final DomainGraph.MutableClock clock = new DomainGraph.MutableClock();
    static ServerCore server;

    @BeforeAll
    static void start() {
        server = TestServer.start(clock, b -> b.auth(new AuthSettings(LIFETIME, IDLE, Duration.ofSeconds(5),
                FAILURES_MAX, LOCK)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void sessionTokensCarryAtLeast128RandomBitsAndAreStoredOnlyAsHashes() {
        ApiClient op = newOperatorSession("VIEWER");
        ApiClient again = ApiClient.signedIn(server.baseUrl(), op.get("/api/v1/me").at("/username"),
                password(op.get("/api/v1/me").at("/username")));
        byte[] raw = java.util.Base64.getUrlDecoder().decode(op.token());
        assertThat(raw.length * 8).isGreaterThanOrEqualTo(128);
        assertThat(again.token()).isNotEqualTo(op.token());
        assertThat(count("SELECT count(*) FROM sessions WHERE token_hash = '"
                + teller.server.common.Sha256.hex(op.token()) + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM sessions s WHERE strpos(s::text, '" + op.token() + "') > 0")).isZero();
    }

    @Test
    void aSessionUnusedForTheIdleTimeoutEnds() {
        ApiClient op = newOperatorSession("VIEWER");
        clock.advance(IDLE.minusMinutes(1));
        assertThat(op.get("/api/v1/me").status()).isEqualTo(200);
        clock.advance(IDLE.plusSeconds(1));
        Reply after = op.get("/api/v1/me");
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.at("/error/code")).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void aSessionInUseStillEndsAtItsAbsoluteExpiry() {
        ApiClient op = newOperatorSession("VIEWER");
        Duration step = IDLE.minusMinutes(5);
        Duration used = Duration.ZERO;
        while (used.plus(step).compareTo(LIFETIME) < 0) {
            clock.advance(step);
            used = used.plus(step);
            assertThat(op.get("/api/v1/me").status()).as("in use after %s", used).isEqualTo(200);
        }
        clock.advance(LIFETIME.minus(used).plusSeconds(1));
        assertThat(op.get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void logoutEndsOnlyThatSessionAndIsAudited() {
        String name = newOperator("APPROVER");
        ApiClient first = ApiClient.signedIn(server.baseUrl(), name, password(name));
        ApiClient second = ApiClient.signedIn(server.baseUrl(), name, password(name));
        assertThat(first.post("/api/v1/auth/logout", null).status()).isEqualTo(204);
        assertThat(first.get("/api/v1/me").status()).isEqualTo(401);
        assertThat(second.get("/api/v1/me").status()).isEqualTo(200);
        assertThat(count("SELECT count(*) FROM audit_log a JOIN operators o ON a.actor_id = o.id::text "
                + "WHERE o.username = '" + name + "' AND a.action = 'LOGOUT' AND a.outcome = 'SUCCESS'")).isEqualTo(1);
    }

    @Test
    void disablingAnOperatorEndsEverySessionAtOnceAndRefusesSignIn() {
        String name = newOperator("APPROVER");
        ApiClient first = ApiClient.signedIn(server.baseUrl(), name, password(name));
        ApiClient second = ApiClient.signedIn(server.baseUrl(), name, password(name));
        assertThat(first.get("/api/v1/me").status()).isEqualTo(200);
        String id = first.get("/api/v1/me").at("/id");

        Reply disabled = admin().send("PATCH", "/api/v1/operators/" + id, "{\"active\":false}", Map.of());
        assertThat(disabled.status()).as(disabled.text()).isEqualTo(200);
        assertThat(disabled.body().get("active").asBoolean()).isFalse();
        assertThat(first.get("/api/v1/me").status()).as("no waiting for a cache").isEqualTo(401);
        assertThat(second.get("/api/v1/orders").status()).isEqualTo(401);
        assertThat(login(name, password(name)).status()).isEqualTo(401);
        assertThat(count("SELECT count(*) FROM sessions WHERE operator_id = " + id + " AND revoked_at IS NULL"))
                .isZero();
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'OPERATOR_UPDATE' AND resource_id = '" + id
                + "' AND details->>'sessionsEnded' = '2'")).isEqualTo(1);

        Reply enabled = admin().send("PATCH", "/api/v1/operators/" + id, "{\"active\":true}", Map.of());
        assertThat(enabled.status()).isEqualTo(200);
        assertThat(first.get("/api/v1/me").status()).as("an ended session stays ended").isEqualTo(401);
        assertThat(login(name, password(name)).status()).isEqualTo(200);
    }

    @Test
    void changingRolesTakesEffectOnTheNextRequest() {
        ApiClient op = newOperatorSession("VIEWER");
        String id = op.get("/api/v1/me").at("/id");
        assertThat(op.get("/api/v1/ledger/verify").status()).isEqualTo(403);
        Reply changed = admin().send("PATCH", "/api/v1/operators/" + id, "{\"roles\":[\"AUDITOR\"]}", Map.of());
        assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        assertThat(op.get("/api/v1/ledger/verify").status()).isEqualTo(200);
    }

    @Test
    void anAdministratorCannotDisableOrDemoteThemselves() {
        ApiClient admin = admin();
        String adminId = admin.get("/api/v1/me").at("/id");
        Reply disable = admin.send("PATCH", "/api/v1/operators/" + adminId, "{\"active\":false}", Map.of());
        assertThat(disable.status()).isEqualTo(422);
        assertThat(disable.at("/error/code")).isEqualTo("OPERATOR_SELF_LOCKOUT");
        Reply demote = admin.send("PATCH", "/api/v1/operators/" + adminId, "{\"roles\":[\"VIEWER\"]}", Map.of());
        assertThat(demote.status()).isEqualTo(422);
        assertThat(admin.get("/api/v1/me").status()).isEqualTo(200);
        assertThat(admin().send("PATCH", "/api/v1/operators/987654321", "{\"active\":false}", Map.of()).status())
                .isEqualTo(404);
        assertThat(admin().send("PATCH", "/api/v1/operators/" + adminId, "{}", Map.of()).status()).isEqualTo(400);
    }

    @Test
    void tenWrongPasswordsLockTheAccountForThirtyMinutesEvenForTheRightPassword() {
        String name = newOperator("APPROVER");
        for (int i = 1; i < FAILURES_MAX; i++) {
            assertThat(login(name, "wrong-password-" + i).status()).isEqualTo(401);
        }
        assertThat(login(name, password(name)).status()).as("nine failures do not lock").isEqualTo(200);
        for (int i = 1; i <= FAILURES_MAX; i++) {
            assertThat(login(name, "wrong-password-" + i).status()).isEqualTo(401);
        }
        Reply locked = login(name, password(name));
        assertThat(locked.status()).isEqualTo(401);
        assertThat(locked.at("/error/code")).isEqualTo("INVALID_CREDENTIALS");
        clock.advance(LOCK.minusMinutes(1));
        assertThat(login(name, password(name)).status()).as("still locked").isEqualTo(401);
        clock.advance(Duration.ofMinutes(2));
        assertThat(login(name, password(name)).status()).as("the lock ran out").isEqualTo(200);
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'LOGIN' AND outcome = 'FAILURE' "
                + "AND details->>'reason' LIKE 'account locked%' AND details->>'username' = '" + name + "'"))
                .isEqualTo(2);
    }

    @Test
    void afterALockRunsOutOneMoreWrongPasswordDoesNotLockAgain() {
        String name = newOperator("APPROVER");
        for (int i = 1; i <= FAILURES_MAX; i++) {
            login(name, "wrong-password-" + i);
        }
        clock.advance(LOCK.plusMinutes(1));
        assertThat(login(name, "wrong-password-again").status()).isEqualTo(401);
        assertThat(login(name, password(name)).status()).isEqualTo(200);
    }

    @Test
    void everyFailedLoginIsAuditedWithTheOriginAndNoPassword() {
        String name = newOperator("VIEWER");
        login(name, "a-secret-guess-123");
        login("nobody-" + SEQUENCE.incrementAndGet(), "another-secret-guess");
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'LOGIN' AND outcome = 'FAILURE' "
                + "AND origin IS NOT NULL AND resource_id = (SELECT id::text FROM operators WHERE username = '" + name
                + "')")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_log WHERE details::text LIKE '%secret-guess%'")).isZero();
    }

    @Test
    void anAdministratorsPasswordResetEndsEverySessionLiftsTheLockAndIsAuditedWithoutThePassword() {
        String name = newOperator("APPROVER");
        ApiClient session = ApiClient.signedIn(server.baseUrl(), name, password(name));
        String id = session.get("/api/v1/me").at("/id");
        for (int i = 1; i <= FAILURES_MAX; i++) {
            login(name, "wrong-password-" + i);
        }
        assertThat(login(name, password(name)).status()).as("locked").isEqualTo(401);

        Reply tooShort = admin().send("PATCH", "/api/v1/operators/" + id, "{\"password\":\"short\"}", Map.of());
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.at("/error/details/field")).isEqualTo("password");
        Reply reset = admin().send("PATCH", "/api/v1/operators/" + id,
                "{\"password\":\"a-brand-new-passphrase\"}", Map.of());
        assertThat(reset.status()).as(reset.text()).isEqualTo(200);
        assertThat(reset.body().get("lockedUntil").isNull()).isTrue();

        assertThat(session.get("/api/v1/me").status()).as("the old session ended").isEqualTo(401);
        assertThat(login(name, password(name)).status()).as("the old password is gone").isEqualTo(401);
        assertThat(login(name, "a-brand-new-passphrase").status()).as("the lock is lifted").isEqualTo(200);
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'OPERATOR_UPDATE' AND resource_id = '" + id
                + "' AND details->>'passwordReset' = 'true' AND details->>'sessionsEnded' = '1'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_log WHERE details::text LIKE '%brand-new-passphrase%'")).isZero();
    }

    // ------------------------------------------------------------------ helpers

    private static String newOperator(String role) {
        String name = "op" + SEQUENCE.incrementAndGet() + "-" + role.toLowerCase(java.util.Locale.ROOT);
        Reply created = admin().post("/api/v1/operators", Map.of("username", name, "password", password(name),
                "roles", List.of(role)));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return name;
    }

    private static ApiClient newOperatorSession(String role) {
        String name = newOperator(role);
        return ApiClient.signedIn(server.baseUrl(), name, password(name));
    }

    private static String password(String name) {
        return name + "-password";
    }

    private static Reply login(String name, String password) {
        return new ApiClient(server.baseUrl()).post("/api/v1/auth/login", Map.of("username", name, "password", password));
    }

    private static long count(String sql) {
        try (var connection = server.database().dataSource().getConnection();
             var statement = connection.createStatement(); var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** A fresh administrator session: the clock moves far in these tests, so older sessions expire. */
    private static ApiClient admin() {
        return ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
    }
}
