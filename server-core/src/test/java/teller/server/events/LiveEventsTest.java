package teller.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.db.Database;
import teller.server.db.JdbiTransactor;
import teller.server.db.PgOutboxFeed;
import teller.server.support.TestPostgres;

/**
 * The per-replica outbox tail against a real PostgreSQL: ids become visible in commit order, not
 * in id order, so the tail must hold back at a gap until no transaction that could fill it is still
 * running, and must then pass gaps left by rolled-back transactions.
 */
class LiveEventsTest {
    private static String url;
    private static Database database;
    private static JdbiTransactor tx;

    @BeforeAll
    static void database() {
        url = TestPostgres.freshDatabase();
        database = new Database(url, null, null, 4);
        tx = new JdbiTransactor(database.jdbi());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private static LiveEvents tail(EventStreamSettings settings) {
        // Not started: the test drives poll() itself, so every step is deterministic.
        var live = new LiveEvents(tx, new PgOutboxFeed(tx), settings);
        return live;
    }

    private static long insert(Connection connection, String type) throws SQLException {
        try (var statement = connection.prepareStatement("""
                INSERT INTO outbox_events (event_type, aggregate_type, aggregate_id, payload)
                VALUES (?, 'ORDER', '1', '{"orderId":"1","sessionToken":"s3cret"}'::jsonb) RETURNING id""")) {
            statement.setString(1, type);
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static long insertCommitted(String type) throws SQLException {
        try (var connection = DriverManager.getConnection(url)) {
            return insert(connection, type);
        }
    }

    private static List<Long> drain(LiveEvents.Subscription subscription) throws InterruptedException {
        List<Long> ids = new ArrayList<>();
        Optional<OutboxEvent> next;
        while ((next = subscription.next(Duration.ofMillis(50))).isPresent()) {
            ids.add(next.get().id());
        }
        return ids;
    }

    @Test
    void tailHoldsBackAtAnUncommittedIdAndDeliversInIdOrderOnceItCommits() throws Exception {
        LiveEvents live = tail(EventStreamSettings.defaults());
        live.positionAt(tx.read(() -> new PgOutboxFeed(tx).lastId()));
        try (var subscription = live.subscribe(OptionalLong.empty());
             var slow = DriverManager.getConnection(url)) {
            slow.setAutoCommit(false);
            slow.createStatement().execute("SELECT pg_current_xact_id()"); // like every emitter: it has written before
            long first = insert(slow, "ORDER_CREATED");
            long second = insertCommitted("ORDER_UPDATED");
            assertThat(second).isGreaterThan(first);

            live.poll();
            live.poll();
            assertThat(drain(subscription)).as("nothing passes the open transaction's id").isEmpty();
            assertThat(live.position()).isEqualTo(first - 1);

            slow.commit();
            live.poll();
            assertThat(drain(subscription)).containsExactly(first, second);
        }
    }

    @Test
    void tailSkipsAnIdWhoseTransactionRolledBack() throws Exception {
        LiveEvents live = tail(EventStreamSettings.defaults());
        live.positionAt(tx.read(() -> new PgOutboxFeed(tx).lastId()));
        try (var subscription = live.subscribe(OptionalLong.empty());
             var doomed = DriverManager.getConnection(url)) {
            doomed.setAutoCommit(false);
            doomed.createStatement().execute("SELECT pg_current_xact_id()");
            long lost = insert(doomed, "ORDER_CREATED");
            long kept = insertCommitted("ORDER_UPDATED");

            live.poll();
            assertThat(drain(subscription)).isEmpty();

            doomed.rollback();
            live.poll();
            live.poll();
            assertThat(drain(subscription)).containsExactly(kept);
            assertThat(live.position()).isEqualTo(kept).isGreaterThan(lost);
        }
    }

    @Test
    void aClientThatFallsBehindIsDroppedWhileOthersKeepReceiving() throws Exception {
        LiveEvents live = tail(EventStreamSettings.defaults().withClientQueueMax(3));
        live.positionAt(tx.read(() -> new PgOutboxFeed(tx).lastId()));
        var stalled = live.subscribe(OptionalLong.empty());
        var reading = live.subscribe(OptionalLong.empty());
        List<Long> received = new ArrayList<>();
        List<Long> written = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            written.add(insertCommitted("ORDER_CREATED"));
            live.poll();
            received.addAll(drain(reading));
        }
        assertThat(stalled.dropped()).isTrue();
        assertThat(live.droppedClients()).isEqualTo(1);
        assertThat(reading.dropped()).isFalse();
        assertThat(received).isEqualTo(written);
        assertThat(live.clients()).isEqualTo(1);
    }

    @Test
    void resumingClientGetsExactlyTheEventsAfterItsLastIdOrIsToldToResync() throws Exception {
        LiveEvents live = tail(EventStreamSettings.defaults().withReplayMax(3));
        live.positionAt(tx.read(() -> new PgOutboxFeed(tx).lastId()));
        long seen = insertCommitted("ORDER_CREATED");
        long missed1 = insertCommitted("ORDER_UPDATED");
        long missed2 = insertCommitted("ORDER_APPROVED");
        live.poll();

        var resumed = live.subscribe(OptionalLong.of(seen));
        LiveEvents.Missed missed = resumed.missed();
        assertThat(missed.tooMany()).isFalse();
        assertThat(missed.events()).extracting(OutboxEvent::id).containsExactly(missed1, missed2);
        assertThat(missed.events().get(0).publicPayload()).containsKey("orderId").doesNotContainKey("sessionToken");

        long live1 = insertCommitted("ORDER_UPDATED");
        live.poll();
        assertThat(drain(resumed)).containsExactly(live1);

        var farBehind = live.subscribe(OptionalLong.of(0));
        LiveEvents.Missed tooMany = farBehind.missed();
        assertThat(tooMany.tooMany()).isTrue();
        assertThat(tooMany.upTo()).isEqualTo(live1);
        live.close();
        assertThat(resumed.dropped()).as("closing the tail ends every stream").isTrue();
    }
}
