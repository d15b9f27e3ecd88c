package teller.server.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestServer;

/**
 * DESIGN.md: "the database stores only proof_sha256 — never image bytes or base64 (a test greps the
 * schema and a populated database for it)". The database is populated over real HTTP with proofs
 * of every accepted format, approved, rejected and repeated; then the schema is read and every row
 * of every table is dumped as text (the same text pg_dump's data section holds) and searched for
 * the images in base64, in hex (bytea's text form) and as raw bytes.
 */
class NoProofBytesInDatabaseTest {
    private static final int WINDOW_CHARS = 24;
    static ServerCore server;
    static Jdbi jdbi;
    static final List<byte[]> PROOFS = new ArrayList<>();

    @BeforeAll
    static void populate() {
        server = TestServer.start();
        jdbi = server.database().jdbi();
        ApiClient admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        admin.post("/api/v1/operators", Map.of("username", "clerk", "password", "clerk-password-1", "roles", List.of("APPROVER")));
        ApiClient clerk = ApiClient.signedIn(server.baseUrl(), "clerk", "clerk-password-1");
        assertThat(admin.post("/api/v1/players", Map.of("id", "dumped", "username", "dumped", "currency", "USD")).status())
                .isEqualTo(201);
        PROOFS.add(ProofFixtures.image("png", 48, 48, 21));
        PROOFS.add(ProofFixtures.image("jpg", 48, 48, 22));
        PROOFS.add(ProofFixtures.webpLossy());
        PROOFS.add(ProofFixtures.image("png", 64, 16, 23));
        int i = 0;
        for (byte[] proof : PROOFS) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "DEPOSIT");
            body.put("playerId", "dumped");
            body.put("amount", 100 + i);
            body.put("currency", "USD");
            body.put("source", Map.of("channel", "PORTAL", "conversationId", "conv-" + i));
            body.put("proofImage", ProofFixtures.base64(proof));
            Reply created = clerk.post("/api/v1/orders", body, Map.of("Idempotency-Key", "dump-" + i));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            // The same request again (a replay) and a decision on each order.
            assertThat(clerk.post("/api/v1/orders", body, Map.of("Idempotency-Key", "dump-" + i)).status()).isEqualTo(200);
            String id = created.at("/id");
            Reply decided = i % 2 == 0 ? admin.post("/api/v1/orders/" + id + "/approve", Map.of("note", "proof ok"))
                    : admin.post("/api/v1/orders/" + id + "/reject", Map.of("reason", "proof unreadable"));
            assertThat(decided.status()).as(decided.text()).isEqualTo(200);
            i++;
        }
        // A refused proof must not land anywhere either.
        Map<String, Object> refused = new LinkedHashMap<>(Map.of("type", "DEPOSIT", "playerId", "dumped", "amount", 7,
                "currency", "USD", "proofImage", ProofFixtures.base64("not an image at all, but still secret".getBytes())));
        assertThat(clerk.post("/api/v1/orders", refused).status()).isEqualTo(400);
        // Seal the audit chain so the dump includes chained rows.
        server.services().auditLog().seal(10_000);
    }

    private static long count(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theSchemaHasNoBinaryColumnAndNoColumnMeantForImageData() {
        List<String> binary = jdbi.withHandle(h -> h.createQuery("""
                SELECT table_name || '.' || column_name FROM information_schema.columns
                 WHERE table_schema = 'public' AND data_type IN ('bytea', 'oid')""").mapTo(String.class).list());
        assertThat(binary).isEmpty();
        List<String> imageLike = jdbi.withHandle(h -> h.createQuery("""
                SELECT table_name || '.' || column_name FROM information_schema.columns
                 WHERE table_schema = 'public'
                   AND (column_name ILIKE '%image%' OR column_name ILIKE '%base64%' OR column_name ILIKE '%photo%'
                        OR column_name ILIKE '%blob%' OR column_name ILIKE '%content%')""").mapTo(String.class).list());
        assertThat(imageLike).isEmpty();
        assertThat(count("SELECT count(*) FROM pg_largeobject_metadata"))
                .isZero();
    }

    @Test
    void aFullDumpOfThePopulatedDatabaseHoldsNoProofInBase64HexOrRawBytes() {
        List<String> tables = jdbi.withHandle(h -> h.createQuery("""
                SELECT quote_ident(table_name) FROM information_schema.tables
                 WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name""")
                .mapTo(String.class).list());
        assertThat(tables).contains("orders", "proof_forwards", "audit_log", "outbox_events", "idempotency_records");
        StringBuilder dump = new StringBuilder();
        for (String table : tables) {
            dump.append("-- ").append(table).append('\n');
            // A row's text form holds every column, jsonb and text alike (what pg_dump's COPY data holds).
            jdbi.useHandle(h -> h.createQuery("SELECT t::text FROM " + table + " t").mapTo(String.class)
                    .forEach(row -> dump.append(row).append('\n')));
        }
        String text = dump.toString();
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        // The dump is real: it holds the populated rows, including the proofs' hashes.
        assertThat(text).contains("dumped", "proof unreadable");
        for (byte[] proof : PROOFS) {
            assertThat(text).contains(teller.server.common.Sha256.hex(proof));
            String base64 = ProofFixtures.base64(proof);
            String urlBase64 = java.util.Base64.getUrlEncoder().encodeToString(proof);
            String hex = HexFormat.of().formatHex(proof);
            for (int at = 0; at + WINDOW_CHARS <= Math.min(base64.length(), 4_096); at += 4) {
                String window = base64.substring(at, at + WINDOW_CHARS);
                assertThat(text).as("base64 of a proof at offset " + at).doesNotContain(window);
                assertThat(text).doesNotContain(urlBase64.substring(at, at + WINDOW_CHARS));
            }
            for (int at = 0; at + 2 * WINDOW_CHARS <= Math.min(hex.length(), 4_096); at += 2) {
                assertThat(lower).as("hex of a proof at offset " + at / 2).doesNotContain(hex.substring(at, at + 2 * WINDOW_CHARS));
            }
            String raw = new String(proof, 0, Math.min(proof.length, 64), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(text).doesNotContain(raw);
        }
        String secret = ProofFixtures.base64("not an image at all, but still secret".getBytes());
        assertThat(text).doesNotContain(secret.substring(0, WINDOW_CHARS));
    }

    @Test
    void theProofsAreInTheSpoolInsteadUntilForwarded() {
        assertThat(count("SELECT count(*) FROM proof_forwards WHERE status = 'QUEUED' AND spool_name IS NOT NULL"))
                .isEqualTo(PROOFS.size());
    }
}
