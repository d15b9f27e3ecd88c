package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import teller.server.ServerCore;
import teller.server.provider.ProviderKind;
import teller.server.provider.ProviderSettings;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestPostgres;
import teller.server.support.TestServer;

/**
 * A canary test: known secrets (passwords, session and API tokens, a provider token, the database
 * password, a payment proof image) go through a whole scenario, with Teller's loggers at DEBUG, and
 * afterwards no log line, formatted exactly as the product's logback configuration formats it,
 * contains any of them. Also: a message with CR/LF stays one line.
 */
class LogCanaryTest {
    private static final String CANARY = "canary" + UUID.randomUUID().toString().replace("-", "");

    /** Collects every event as the product's STDERR appender would print it. */
    private static final class Capture extends AppenderBase<ILoggingEvent> {
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final Encoder<ILoggingEvent> encoder;

        Capture(Encoder<ILoggingEvent> encoder) {
            this.encoder = encoder;
        }

        @Override
        protected void append(ILoggingEvent event) {
            lines.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
        }
    }

    @Test
    void noLogLineCarriesAPasswordTokenProofOrDatabasePassword() throws Exception {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("admin password", CANARY + "-admin");
        secrets.put("operator password", CANARY + "-operator");
        secrets.put("wrong password", CANARY + "-guess");
        secrets.put("database password", CANARY + "-database");
        secrets.put("provider token", CANARY + "-provider");
        // A real image (intake refuses anything else); its noisy pixels make its base64 unique.
        byte[] proof = teller.server.proof.ProofFixtures.image("png", 16, 16, CANARY.hashCode());
        String proofBase64 = Base64.getEncoder().encodeToString(proof);
        secrets.put("proof image (base64)", proofBase64);

        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        @SuppressWarnings("unchecked")
        Encoder<ILoggingEvent> encoder = ((OutputStreamAppender<ILoggingEvent>) root.getAppender("STDERR")).getEncoder();
        assertThat(encoder).as("the product's logback.xml is on the test class path").isNotNull();
        Capture capture = new Capture(encoder);
        capture.setContext(root.getLoggerContext());
        capture.start();
        Logger teller = (Logger) LoggerFactory.getLogger("teller");
        Level tellerLevel = teller.getLevel();
        teller.setLevel(Level.DEBUG);
        root.addAppender(capture);
        try (ServerCore server = TestServer.start(b -> b
                .adminPassword(secrets.get("admin password"))
                .database(TestPostgres.freshDatabase(), null, secrets.get("database password"))
                .providers(ProviderSettings.defaults(ProviderKind.GAME_LOAD, "http://127.0.0.1:9",
                                secrets.get("provider token")).withTimeouts(Duration.ofMillis(500), 2, Duration.ofMillis(10)),
                        ProviderSettings.defaults(ProviderKind.PAYOUT, null, null)))) {
            scenario(server, secrets, proofBase64);
            assertThat(rowsHoldingACanary(server, List.of("canary-one"))).as("the search finds what is there")
                    .contains("players");
            assertThat(rowsHoldingACanary(server, List.of(CANARY, proofBase64))).as("database rows holding a secret in clear").isEmpty();
        } finally {
            root.detachAppender(capture);
            teller.setLevel(tellerLevel);
        }

        assertThat(capture.lines).as("the scenario logged something, so the check means something").isNotEmpty();
        List<String> leaks = new ArrayList<>();
        for (String line : capture.lines) {
            secrets.forEach((what, secret) -> {
                if (line.contains(secret)) {
                    leaks.add(what + " in: " + line);
                }
            });
            if (line.contains(CANARY)) {
                leaks.add("part of a secret in: " + line);
            }
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void aLoggedMessageWithCarriageReturnsAndLineFeedsStaysOneLine() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        @SuppressWarnings("unchecked")
        Encoder<ILoggingEvent> encoder = ((OutputStreamAppender<ILoggingEvent>) root.getAppender("STDERR")).getEncoder();
        Capture capture = new Capture(encoder);
        capture.setContext(root.getLoggerContext());
        capture.start();
        root.addAppender(capture);
        try {
            LoggerFactory.getLogger("teller.test").warn("user said {}", "hello\r\n12:00:00.000 ERROR forged - admin logged in\n");
        } finally {
            root.detachAppender(capture);
        }
        assertThat(capture.lines).hasSize(1);
        String line = capture.lines.get(0);
        assertThat(line.indexOf('\n')).as("only the final line break").isEqualTo(line.length() - 1);
        assertThat(line).doesNotContain("\r").contains("forged");
    }

    /** Every row of every table, as text, searched for the canary (secrets are stored hashed, proofs not at all). */
    private static List<String> rowsHoldingACanary(ServerCore server, List<String> needles) throws java.sql.SQLException {
        List<String> found = new ArrayList<>();
        try (var connection = server.database().dataSource().getConnection()) {
            List<String> tables = new ArrayList<>();
            try (var rs = connection.createStatement().executeQuery(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("operators", "sessions", "api_tokens", "orders", "audit_log");
            for (String table : tables) {
                for (String needle : needles) {
                    try (var statement = connection.prepareStatement("SELECT count(*) FROM \"" + table
                            + "\" t WHERE strpos(t::text, ?) > 0")) {
                        statement.setString(1, needle);
                        try (var rs = statement.executeQuery()) {
                            rs.next();
                            if (rs.getLong(1) > 0) {
                                found.add(table);
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    private static void scenario(ServerCore server, Map<String, String> secrets, String proofBase64) {
        String base = server.baseUrl();
        ApiClient admin = ApiClient.signedIn(base, "admin", secrets.get("admin password"));
        secrets.put("admin session token", admin.token());
        assertThat(admin.post("/api/v1/operators", Map.of("username", "clerk", "password", secrets.get("operator password"),
                "roles", List.of("APPROVER"))).status()).isEqualTo(201);
        assertThat(new ApiClient(base).post("/api/v1/auth/login", Map.of("username", "clerk",
                "password", secrets.get("wrong password"))).status()).isEqualTo(401);
        assertThat(new ApiClient(base).post("/api/v1/auth/login", "{\"username\":\"clerk\",\"password\":\""
                + secrets.get("wrong password") + "\"").status()).as("malformed JSON").isEqualTo(400);
        ApiClient clerk = ApiClient.signedIn(base, "clerk", secrets.get("operator password"));
        secrets.put("operator session token", clerk.token());

        Reply token = admin.post("/api/v1/api-tokens", Map.of("name", "portal",
                "scopes", List.of("orders:create", "players:write")));
        assertThat(token.status()).isEqualTo(201);
        secrets.put("API token", token.at("/token"));
        ApiClient portal = new ApiClient(base, token.at("/token"));
        assertThat(portal.post("/api/v1/players", Map.of("id", "canary-1", "username", "canary-one", "currency", "USD"))
                .status()).isEqualTo(201);
        Reply deposit = portal.post("/api/v1/orders", Map.of("type", "DEPOSIT", "playerId", "canary-1", "amount", 5_000,
                "currency", "USD", "source", Map.of("channel", "PORTAL"), "proofImage", proofBase64));
        assertThat(deposit.status()).as(deposit.text()).isEqualTo(201);
        assertThat(clerk.post("/api/v1/orders/" + deposit.at("/id") + "/approve", Map.of()).at("/status"))
                .isEqualTo("APPROVED_EXECUTED");
        Reply load = portal.post("/api/v1/orders", Map.of("type", "GAME_LOAD", "playerId", "canary-1", "amount", 1_000,
                "currency", "USD", "gameName", "pusoy", "source", Map.of("channel", "PORTAL")));
        assertThat(load.status()).as(load.text()).isEqualTo(201);
        Reply failed = clerk.post("/api/v1/orders/" + load.at("/id") + "/approve", Map.of());
        assertThat(failed.status()).as(failed.text()).isIn(200, 202);
        assertThat(portal.get("/api/v1/orders/" + deposit.at("/id")).status()).isEqualTo(403);
        assertThat(new ApiClient(base, secrets.get("API token") + "x").get("/api/v1/orders").status()).isEqualTo(401);
        assertThat(admin.post("/api/v1/api-tokens/" + token.at("/id") + "/revoke", null).status()).isEqualTo(200);
        assertThat(portal.get("/api/v1/players/canary-1").status()).isEqualTo(401);
        assertThat(clerk.post("/api/v1/auth/logout", null).status()).isEqualTo(204);
        assertThat(clerk.get("/api/v1/me").status()).isEqualTo(401);
    }
}
