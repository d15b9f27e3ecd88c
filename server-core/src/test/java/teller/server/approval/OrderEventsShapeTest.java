package teller.server.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.common.Actor;
import teller.server.common.ActorType;
import teller.server.orders.Order;
import teller.server.orders.OrderStatus;
import teller.server.provider.ProviderKind;
import teller.server.support.CountingProvider;
import teller.server.support.DomainGraph;

/**
 * Issue #14: a deposit is written by a SQL function in one round trip, but its audit row and its
 * event are built by the same Java class as every other decision's ({@code OrderEvents}), so they
 * have the same shape as a game load's, whoever approves and through whichever channel.
 */
class OrderEventsShapeTest {
    private static DomainGraph graph;

    @BeforeAll
    static void start() {
        graph = new DomainGraph(Map.of(ProviderKind.GAME_LOAD, new CountingProvider(ProviderKind.GAME_LOAD),
                ProviderKind.PAYOUT, new CountingProvider(ProviderKind.PAYOUT)));
        graph.player("shape-1", "USD");
        graph.fund("shape-1", 5_000);
    }

    @AfterAll
    static void stop() {
        graph.close();
    }

    @Test
    void aDepositsAuditRowAndEventHaveTheShapeOfAGameLoads() {
        Actor checker = DomainGraph.operator("checker");
        Order deposit = graph.submit("DEPOSIT", "shape-1", 700, null, null);
        Order load = graph.submit("GAME_LOAD", "shape-1", 300, "Pusoy", null);

        assertThat(graph.approvals.approve(deposit.id(), checker, "proof checked").order().status())
                .isEqualTo(OrderStatus.APPROVED_EXECUTED);
        assertThat(graph.approvals.approve(load.id(), checker, "looks right").order().status())
                .isEqualTo(OrderStatus.APPROVED_EXECUTED);

        List<String> depositAudit = auditKeys(deposit.id(), "ORDER_APPROVE");
        assertThat(depositAudit).isEqualTo(auditKeys(load.id(), "ORDER_APPROVE"))
                .containsExactly("after", "amount", "attempt", "before", "currency", "ledgerTransactionId", "type");
        assertThat(eventKeys(deposit.id(), "ORDER_APPROVED")).isEqualTo(eventKeys(load.id(), "ORDER_APPROVED"))
                .containsExactly("amount", "attempt", "currency", "orderId", "playerId", "status", "type");

        // The values the deposit's SQL function wrote are the ones Java decided, with its posting's id.
        Order posted = graph.orders.get(deposit.id());
        assertThat(auditValue(deposit.id(), "ledgerTransactionId"))
                .isEqualTo(String.valueOf(posted.execution().postingTransactionId()));
        assertThat(auditValue(deposit.id(), "after")).isEqualTo("APPROVED_EXECUTED");
        assertThat(auditValue(load.id(), "after")).isEqualTo("EXECUTING");
        assertThat(auditValue(load.id(), "ledgerTransactionId"))
                .isEqualTo(String.valueOf(graph.orders.get(load.id()).execution().holdTransactionId()));
    }

    @Test
    void aDepositApprovedThroughTelegramIsRecordedAsTheBotActingForItsOperator() {
        Order deposit = graph.submit("DEPOSIT", "shape-1", 400, null, null);
        Actor bot = new Actor(ActorType.TELEGRAM_BOT, "42", "maria", "telegram");

        graph.approvals.approve(deposit.id(), bot, "approved in Telegram");

        assertThat(graph.count("""
                SELECT count(*) FROM audit_log WHERE action = 'ORDER_APPROVE' AND resource_id = ?
                   AND actor_type = 'TELEGRAM_BOT' AND actor_id = '42' AND outcome = 'SUCCESS'""",
                String.valueOf(deposit.id()))).isEqualTo(1);
        assertThat(graph.count("""
                SELECT count(*) FROM order_history WHERE order_id = ? AND to_status = 'APPROVED_EXECUTED'
                   AND actor_type = 'TELEGRAM_BOT' AND actor_id = '42' AND note = 'approved in Telegram'""",
                deposit.id())).isEqualTo(1);
        Order approved = graph.orders.get(deposit.id());
        assertThat(approved.approval().byType()).isEqualTo("TELEGRAM_BOT");
        assertThat(approved.approval().byId()).isEqualTo("42");
    }

    private static List<String> auditKeys(long orderId, String action) {
        return graph.jdbi().withHandle(h -> h.createQuery("""
                        SELECT k FROM audit_log a, jsonb_object_keys(a.details) AS k
                         WHERE a.action = :action AND a.resource_id = :id AND a.outcome = 'SUCCESS' ORDER BY k""")
                .bind("action", action).bind("id", String.valueOf(orderId)).mapTo(String.class).list());
    }

    private static String auditValue(long orderId, String key) {
        return graph.jdbi().withHandle(h -> h.createQuery("""
                        SELECT details ->> :key FROM audit_log
                         WHERE action = 'ORDER_APPROVE' AND resource_id = :id AND outcome = 'SUCCESS'""")
                .bind("key", key).bind("id", String.valueOf(orderId)).mapTo(String.class).one());
    }

    private static List<String> eventKeys(long orderId, String type) {
        return graph.jdbi().withHandle(h -> h.createQuery("""
                        SELECT k FROM outbox_events e, jsonb_object_keys(e.payload) AS k
                         WHERE e.event_type = :type AND e.aggregate_id = :id ORDER BY k""")
                .bind("type", type).bind("id", String.valueOf(orderId)).mapTo(String.class).list());
    }
}
