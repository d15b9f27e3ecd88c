package teller.server.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.mapper.RowMapper;
import teller.server.orders.ListedOrder;
import teller.server.orders.OrderPeople;

/**
 * The names on an order, as extra columns of whatever query reads the order (the queue's page, one
 * order's detail, the approval facts), so usernames never cost a query per order. The columns
 * refer to the orders table by its name, {@code orders}.
 */
final class OrderPeopleSql {
    /** Operators are named when they (or the Telegram bot acting for them) made the decision. */
    static final String COLUMNS = """
            CASE WHEN orders.created_by_type = 'OPERATOR'
                 THEN (SELECT op.username FROM operators op WHERE op.id::text = orders.created_by_id)
                 ELSE orders.created_by_id END AS people_created_by,
            (SELECT op.username FROM operators op WHERE orders.approved_by_type IN ('OPERATOR', 'TELEGRAM_BOT')
                AND op.id::text = orders.approved_by_id) AS people_approved_by,
            (SELECT op.username FROM operators op WHERE orders.rejected_by_type IN ('OPERATOR', 'TELEGRAM_BOT')
                AND op.id::text = orders.rejected_by_id) AS people_rejected_by,
            (SELECT op.username FROM operators op WHERE op.id::text = orders.voided_by_id) AS people_voided_by,
            (SELECT jsonb_agg(jsonb_build_object('type', a.approver_type, 'id', a.approver_id, 'username', op.username,
                                                 'at', a.approved_at, 'note', a.note) ORDER BY a.approved_at, a.approver_id)
               FROM order_approvals a
               LEFT JOIN operators op ON a.approver_type IN ('OPERATOR', 'TELEGRAM_BOT') AND op.id::text = a.approver_id
              WHERE a.order_id = orders.id) AS people_approvals,
            (SELECT t.amount_min FROM dual_approval_thresholds t WHERE t.currency = orders.currency) AS people_dual_min,
            (SELECT jsonb_build_object('operatorId', c.operator_id::text, 'username', op.username,
                                       'claimedAt', c.claimed_at, 'expiresAt', c.expires_at)
               FROM order_claims c JOIN operators op ON op.id = c.operator_id
              WHERE c.order_id = orders.id) AS people_claim""";

    /** An order row that also has {@link #COLUMNS}. */
    static final RowMapper<ListedOrder> LISTED = (rs, ctx) -> new ListedOrder(OrderRows.MAPPER.map(rs, ctx), people(rs));

    private OrderPeopleSql() {
    }

    static OrderPeople people(ResultSet rs) throws SQLException {
        List<OrderPeople.GivenApproval> approvals = new ArrayList<>();
        for (Map<String, Object> a : jsonList(rs.getString("people_approvals"))) {
            approvals.add(new OrderPeople.GivenApproval((String) a.get("type"), (String) a.get("id"),
                    (String) a.get("username"), instant(a.get("at")), (String) a.get("note")));
        }
        Map<String, Object> claim = Rows.jsonObject(rs.getString("people_claim"));
        return new OrderPeople(rs.getString("people_created_by"), rs.getString("people_approved_by"),
                rs.getString("people_rejected_by"), rs.getString("people_voided_by"), approvals,
                Rows.nullableLong(rs, "people_dual_min"),
                claim == null ? null : new OrderPeople.Claim((String) claim.get("operatorId"), (String) claim.get("username"),
                        instant(claim.get("claimedAt")), instant(claim.get("expiresAt"))));
    }

    private static List<Map<String, Object>> jsonList(String text) {
        if (text == null) {
            return List.of();
        }
        try {
            return Rows.JSON.readValue(text, new TypeReference<List<Map<String, Object>>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not a list of objects", e);
        }
    }

    /** A timestamptz inside jsonb: ISO-8601 with an offset. */
    private static Instant instant(Object text) {
        return text == null ? null : OffsetDateTime.parse((String) text).toInstant();
    }
}
