package teller.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.support.TestPostgres;

class PgIdempotencyRecordsTest {
    private static Database database;
    private static PgClaimOwners owners;
    private static PgIdempotencyRecords records;

    @BeforeAll
    static void start() {
        database = new Database(TestPostgres.freshDatabase(), null, null, 4);
        owners = new PgClaimOwners(database);
        records = new PgIdempotencyRecords(new JdbiTransactor(database.jdbi()), owners);
    }

    @AfterAll
    static void stop() {
        owners.close();
        database.close();
    }

    @Test
    void aClaimOfAProcessThatDiedIsTakenOverAtOnceByTheSameRequestOnly() {
        PgClaimOwners otherProcess = new PgClaimOwners(database);
        var other = new PgIdempotencyRecords(new JdbiTransactor(database.jdbi()), otherProcess);
        assertThat(other.claim("OPERATOR:1", "k-owner", "POST /a", "h1")).isTrue();
        assertThat(records.claim("OPERATOR:1", "k-owner", "POST /a", "h1")).as("its owner lives").isFalse();

        // Its owner session ends as when the process is killed: the backend exits a moment after the socket closes.
        otherProcess.abandon();

        assertThat(records.claim("OPERATOR:1", "k-owner", "POST /a", "other-body")).isFalse();
        teller.server.support.ExecutionFixture.await(java.time.Duration.ofSeconds(10), "the dead owner's claim to be taken over",
                () -> records.claim("OPERATOR:1", "k-owner", "POST /a", "h1"));
        assertThat(records.claim("OPERATOR:1", "k-owner", "POST /a", "h1")).as("owned by this live process now").isFalse();
    }

    @Test
    void aClaimInsideAnOuterTransactionCommitsWithIt() {
        var tx = new JdbiTransactor(database.jdbi());
        var joined = new PgIdempotencyRecords(tx, owners);
        try {
            tx.run(() -> {
                assertThat(joined.claim("OPERATOR:1", "k-outer", "POST /a", "h1")).isTrue();
                assertThat(tx.handle().createQuery("SHOW synchronous_commit").mapTo(String.class).one())
                        .as("the outer transaction keeps its durable commit").isEqualTo("on");
                throw new IllegalStateException("the guarded write fails");
            });
        } catch (IllegalStateException expected) {
            // rolled back, claim included
        }
        assertThat(records.find("OPERATOR:1", "k-outer")).isEmpty();
    }

    private static void ageClaim(String key) {
        Jdbi jdbi = database.jdbi();
        jdbi.useHandle(h -> h.createUpdate("UPDATE idempotency_records SET created_at = now() - interval '3 minutes' WHERE key = :key")
                .bind("key", key).execute());
    }

    @Test
    void aKeyIsClaimedOnceWhileItsRequestRuns() {
        assertThat(records.claim("OPERATOR:1", "k-running", "POST /a", "h1")).isTrue();
        assertThat(records.claim("OPERATOR:1", "k-running", "POST /a", "h1")).isFalse();
        assertThat(records.claim("OPERATOR:2", "k-running", "POST /a", "h1")).as("keys are per principal").isTrue();
    }

    @Test
    void aStaleClaimLeftByADeadProcessIsTakenOverByTheSameRequestOnly() {
        assertThat(records.claim("OPERATOR:1", "k-stale", "POST /a", "h1")).isTrue();
        ageClaim("k-stale");
        assertThat(records.claim("OPERATOR:1", "k-stale", "POST /a", "other-body")).isFalse();
        assertThat(records.claim("OPERATOR:1", "k-stale", "POST /a", "h1")).isTrue();
        assertThat(records.claim("OPERATOR:1", "k-stale", "POST /a", "h1")).as("fresh again after the takeover").isFalse();
    }

    @Test
    void aCompletedKeyIsNeverClaimedAgainHoweverOld() {
        assertThat(records.claim("OPERATOR:1", "k-done", "POST /a", "h1")).isTrue();
        records.complete("OPERATOR:1", "k-done", 200, "{\"ok\":true}");
        ageClaim("k-done");
        assertThat(records.claim("OPERATOR:1", "k-done", "POST /a", "h1")).isFalse();
        assertThat(records.find("OPERATOR:1", "k-done")).hasValueSatisfying(s -> {
            assertThat(s.completed()).isTrue();
            assertThat(s.responseBody()).isEqualTo("{\"ok\":true}");
        });
    }
}
