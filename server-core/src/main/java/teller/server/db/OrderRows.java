package teller.server.db;

import org.jdbi.v3.core.mapper.RowMapper;
import teller.server.orders.Channel;
import teller.server.orders.Order;
import teller.server.orders.OrderStatus;
import teller.server.orders.OrderType;

/** The one row mapper of {@code orders}. */
final class OrderRows {
    static final RowMapper<Order> MAPPER = (rs, ctx) -> new Order(
            rs.getLong("id"), OrderType.valueOf(rs.getString("type")), OrderStatus.valueOf(rs.getString("status")),
            rs.getString("player_id"), rs.getLong("amount"), rs.getString("currency"), rs.getString("game_name"),
            rs.getString("payment_method"), Channel.valueOf(rs.getString("source_channel")),
            rs.getString("conversation_id"), rs.getString("idempotency_key"), rs.getString("request_hash"),
            rs.getString("proof_sha256"), rs.getString("created_by_type"), rs.getString("created_by_id"),
            Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"),
            new Order.Approval(rs.getString("approved_by_type"), rs.getString("approved_by_id"),
                    Rows.instant(rs, "approved_at"), rs.getString("approval_note")),
            new Order.Execution(rs.getInt("execution_attempts"), Rows.instant(rs, "execution_lease_until"),
                    Rows.instant(rs, "executed_at"), rs.getString("execution_error"),
                    Rows.jsonObject(rs.getString("execution_result")), Rows.nullableLong(rs, "hold_transaction_id"),
                    Rows.nullableLong(rs, "posting_transaction_id"), Rows.nullableLong(rs, "reversal_transaction_id")),
            new Order.Decision(rs.getString("rejected_by_type"), rs.getString("rejected_by_id"),
                    Rows.instant(rs, "rejected_at"), rs.getString("rejection_reason")),
            new Order.Decision("OPERATOR", rs.getString("voided_by_id"), Rows.instant(rs, "voided_at"),
                    rs.getString("void_reason")));

    private OrderRows() {
    }
}
