package teller.server.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import teller.server.approval.ApprovalFacts;
import teller.server.approval.ApprovalFactsStore;
import teller.server.ledger.AccountType;
import teller.server.ledger.AccountView;
import teller.server.orders.ListedOrder;
import teller.server.players.KycStatus;
import teller.server.players.Player;
import teller.server.players.PlayerStatus;
import teller.server.risk.FraudLevel;
import teller.server.risk.LimitRule;
import teller.server.risk.Limits;

/**
 * The approval facts of many orders in one query (decision 0060): each order with the names on it,
 * its player, the wallet, the fraud score, the approved activity over the limits' windows, the
 * player's limit overrides, and the caller's cap and roles.
 */
public final class PgApprovalFacts implements ApprovalFactsStore {
    private static final String FACTS = """
            SELECT r.n, orders.*, %s,
                   p.id AS p_id, p.username AS p_username, p.currency AS p_currency, p.status AS p_status,
                   p.kyc_status AS p_kyc_status, p.exclusion_type AS p_exclusion_type,
                   p.exclusion_until AS p_exclusion_until, p.referrer_id AS p_referrer_id,
                   p.wallet_account_id AS p_wallet_account_id, p.created_at AS p_created_at,
                   w.code AS w_code, w.type AS w_type, w.lower_bound AS w_lower_bound, w.posted AS w_posted,
                   w.pending_debits AS w_pending_debits, w.pending_credits AS w_pending_credits,
                   (SELECT least(:scoreMax, coalesce(sum(f.points), 0)) FROM fraud_flags f
                     WHERE f.status = 'OPEN' AND f.player_id = orders.player_id) AS fraud_score,
                   a.deposits_day, a.loads_day, a.payouts_day, a.loads_week, a.payouts_week, a.loads_month,
                   a.payouts_month, a.last_withdrawal_at,
                   (SELECT jsonb_object_agg(l.rule, l.value) FROM player_limits l
                     WHERE l.player_id = orders.player_id) AS limit_overrides,
                   (SELECT c.amount_max FROM operator_approval_caps c
                     WHERE c.operator_id::text = r.caller_id AND c.currency = orders.currency) AS caller_cap,
                   (SELECT op.roles FROM operators op WHERE op.id::text = r.caller_id AND op.active) AS caller_roles,
                   (SELECT op.username FROM operators op WHERE op.id::text = r.caller_id) AS caller_username
              FROM unnest(CAST(:ids AS bigint[]), CAST(:callers AS text[])) WITH ORDINALITY AS r(order_id, caller_id, n)
              JOIN orders ON orders.id = r.order_id
              JOIN players p ON p.id = orders.player_id
              JOIN LATERAL (SELECT acc.code, acc.type, acc.lower_bound, sum(b.posted)::bigint AS posted,
                                   sum(b.pending_debits)::bigint AS pending_debits,
                                   sum(b.pending_credits)::bigint AS pending_credits
                              FROM accounts acc JOIN account_balances b ON b.account_id = acc.id
                             WHERE acc.id = p.wallet_account_id
                             GROUP BY acc.id) w ON true
              JOIN LATERAL risk_player_activity(orders.player_id, :day, :week, :month) a ON true
             ORDER BY r.n""".formatted(OrderPeopleSql.COLUMNS);

    private final JdbiTransactor tx;

    public PgApprovalFacts(JdbiTransactor tx) {
        this.tx = tx;
    }

    @Override
    public void lockPlayers(Collection<Long> orderIds) {
        PgRiskStore.lockPlayersOf(tx.handle(), orderIds);
    }

    @Override
    public List<ApprovalFacts> load(List<Request> requests, Instant now) {
        List<ApprovalFacts> facts = new ArrayList<>(java.util.Collections.nCopies(requests.size(), null));
        bindFacts(tx.handle().createQuery(FACTS), requests, now)
                .map((rs, ctx) -> Map.entry(rs.getInt("n") - 1, facts(rs, OrderPeopleSql.LISTED.map(rs, ctx))))
                .forEach(e -> facts.set(e.getKey(), e.getValue()));
        return facts;
    }

    /**
     * Two statements in one round trip (the driver sends both before it waits): the locks and
     * claims, then the facts. In READ COMMITTED each statement takes its own snapshot, so the facts
     * are read after every lock was granted and see what the transactions before them committed.
     */
    @Override
    public Locked lockAndLoad(List<Request> requests, List<KeyClaim> keys, Instant now) {
        List<Long> ids = new ArrayList<>(requests.size());
        List<String> principals = new ArrayList<>(requests.size());
        List<String> keyNames = new ArrayList<>(requests.size());
        List<String> methodPaths = new ArrayList<>(requests.size());
        List<String> hashes = new ArrayList<>(requests.size());
        List<Integer> owners = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            ids.add(requests.get(i).orderId());
            KeyClaim key = keys.get(i);
            principals.add(key == null ? null : key.principal());
            keyNames.add(key == null ? null : key.key());
            methodPaths.add(key == null ? null : key.methodPath());
            hashes.add(key == null ? null : key.requestHash());
            owners.add(key == null ? null : key.owner());
        }
        var query = bindFacts(tx.handle().createQuery("""
                        SELECT approval_batch_prepare(CAST(:ids AS bigint[]), CAST(:principals AS text[]),
                               CAST(:keys AS text[]), CAST(:methodPaths AS text[]), CAST(:hashes AS text[]),
                               CAST(:owners AS integer[]), :staleSeconds, :lockSpace) AS claimed,
                               now() AS transaction_time,
                               ARRAY(SELECT nextval(pg_get_serial_sequence('ledger_transactions', 'id'))
                                       FROM generate_series(1, cardinality(CAST(:ids AS bigint[])))) AS ledger_ids;
                        """ + FACTS), requests, now)
                .bindArray("principals", String.class, principals).bindArray("keys", String.class, keyNames)
                .bindArray("methodPaths", String.class, methodPaths).bindArray("hashes", String.class, hashes)
                .bindArray("owners", Integer.class, owners)
                .bind("staleSeconds", PgIdempotencyRecords.CLAIM_STALE.toSeconds())
                .bind("lockSpace", PgClaimOwners.LOCK_SPACE);
        return query.execute((statement, ctx) -> {
            java.sql.PreparedStatement ps = statement.get();
            List<Boolean> claimed;
            List<Long> ledgerIds;
            Instant transactionTime;
            try (ResultSet rs = ps.getResultSet()) {
                rs.next();
                claimed = Arrays.asList((Boolean[]) rs.getArray("claimed").getArray());
                ledgerIds = Arrays.asList((Long[]) rs.getArray("ledger_ids").getArray());
                transactionTime = Rows.instant(rs, "transaction_time");
            }
            if (!ps.getMoreResults()) {
                throw new IllegalStateException("the approval facts query returned no rows");
            }
            List<ApprovalFacts> facts = new ArrayList<>(java.util.Collections.nCopies(requests.size(), null));
            List<String> callerNames = new ArrayList<>(java.util.Collections.nCopies(requests.size(), null));
            try (ResultSet rs = ps.getResultSet()) {
                while (rs.next()) {
                    facts.set(rs.getInt("n") - 1, facts(rs, OrderPeopleSql.LISTED.map(rs, ctx)));
                    callerNames.set(rs.getInt("n") - 1, rs.getString("caller_username"));
                }
            }
            return new Locked(facts, claimed, ledgerIds, callerNames, transactionTime);
        });
    }

    private static org.jdbi.v3.core.statement.Query bindFacts(org.jdbi.v3.core.statement.Query query,
                                                              List<Request> requests, Instant now) {
        List<Long> ids = new ArrayList<>(requests.size());
        List<String> callers = new ArrayList<>(requests.size());
        for (Request request : requests) {
            ids.add(request.orderId());
            callers.add(request.callerId());
        }
        return query.bindArray("ids", Long.class, ids).bindArray("callers", String.class, callers)
                .bind("scoreMax", FraudLevel.SCORE_MAX)
                .bind("day", Rows.utc(now.minus(Limits.DAY))).bind("week", Rows.utc(now.minus(Limits.WEEK)))
                .bind("month", Rows.utc(now.minus(Limits.MONTH)));
    }

    private static ApprovalFacts facts(ResultSet rs, ListedOrder listed) throws SQLException {
        Player player = new Player(rs.getString("p_id"), rs.getString("p_username"), rs.getString("p_currency"),
                PlayerStatus.valueOf(rs.getString("p_status")), KycStatus.valueOf(rs.getString("p_kyc_status")),
                rs.getString("p_exclusion_type"), Rows.instant(rs, "p_exclusion_until"), rs.getString("p_referrer_id"),
                rs.getLong("p_wallet_account_id"), Rows.instant(rs, "p_created_at"));
        AccountView wallet = new AccountView(player.walletAccountId(), rs.getString("w_code"),
                AccountType.valueOf(rs.getString("w_type")), player.currency(), Rows.nullableLong(rs, "w_lower_bound"),
                rs.getLong("w_posted"), rs.getLong("w_pending_debits"), rs.getLong("w_pending_credits"));
        Map<LimitRule, Long> overrides = new EnumMap<>(LimitRule.class);
        Map<String, Object> stored = Rows.jsonObject(rs.getString("limit_overrides"));
        if (stored != null) {
            stored.forEach((rule, value) -> overrides.put(LimitRule.valueOf(rule), ((Number) value).longValue()));
        }
        java.sql.Array roles = rs.getArray("caller_roles");
        Set<String> callerRoles = roles == null ? Set.of() : Set.copyOf(Arrays.asList((String[]) roles.getArray()));
        return new ApprovalFacts(listed, player, wallet, rs.getInt("fraud_score"), PgRiskStore.activity(rs), overrides,
                Rows.nullableLong(rs, "caller_cap"), callerRoles, null);
    }
}
