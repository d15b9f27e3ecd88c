-- Report benchmark data: :transactions ledger transactions of two entries each (so 2 x entries),
-- one order per non-reversal transaction with its status history, spread over :days days before
-- today, for :players players and 20 games. Written set-based with triggers off (superuser only):
-- the rows are what the approval path would write, balances are brought in line at the end, and
-- `verify` finds the books balanced. Ids are chosen explicitly above the current maximum.
SET LOCAL session_replication_role = replica;
SELECT setseed(0.42);

CREATE TEMP TABLE bench_base ON COMMIT DROP AS
SELECT (SELECT coalesce(max(id), 0) FROM orders) AS order0,
       (SELECT coalesce(max(id), 0) FROM ledger_transactions) AS tx0,
       (SELECT coalesce(max(id), 0) FROM ledger_entries) AS entry0,
       (SELECT coalesce(max(id), 0) FROM order_history) AS history0,
       (SELECT coalesce(max(id), 0) FROM accounts) AS run,
       ledger_open_account('house:cash:USD', 'ASSET', 'USD', NULL, 16) AS cash,
       ledger_open_account('house:payout_clearing:USD', 'LIABILITY', 'USD', NULL, 16) AS clearing;

CREATE TEMP TABLE bench_games ON COMMIT DROP AS
SELECT g AS game_no, 'game' || g AS name,
       ledger_open_account('house:game:game' || g || ':USD', 'LIABILITY', 'USD', NULL, 16) AS account
  FROM generate_series(0, 19) g;

-- Players with unbounded wallets (random flows would otherwise break the wallet bound).
CREATE TEMP TABLE bench_players ON COMMIT DROP AS
SELECT p AS player_no, 'bench' || (SELECT run FROM bench_base) || '-' || p AS id,
       ledger_open_account('player:bench' || (SELECT run FROM bench_base) || '-' || p || ':wallet',
                           'LIABILITY', 'USD', NULL, 1) AS wallet
  FROM generate_series(0, :players - 1) p;
INSERT INTO players (id, username, currency, wallet_account_id)
SELECT id, 'user-' || id, 'USD', wallet FROM bench_players;

-- The plan: one row per transaction g. Every 100th transaction reverses the one before it.
CREATE TEMP TABLE bench_plan ON COMMIT DROP AS
WITH raw AS (
    SELECT g, random() AS r, (random() * (:players - 1))::int AS player_no, (random() * 19)::int AS game_no,
           (100 + random() * 49900)::bigint AS amount,
           now() - make_interval(secs => random() * :days * 86400) AS decided_at,
           (5 + random() * 3600)::int AS wait_seconds, (1 + random() * 19)::int AS operator_no
      FROM generate_series(1, :transactions) g),
kinds AS (
    SELECT raw.*, CASE WHEN g % 100 = 0 THEN 'REVERSAL' WHEN r < 0.60 THEN 'DEPOSIT'
                       WHEN r < 0.85 THEN 'GAME_LOAD' ELSE 'WITHDRAWAL' END AS kind
      FROM raw),
legs AS (
    SELECT k.*, p.id AS player_id,
           CASE k.kind WHEN 'DEPOSIT' THEN b.cash ELSE p.wallet END AS debit,
           CASE k.kind WHEN 'DEPOSIT' THEN p.wallet WHEN 'GAME_LOAD' THEN gm.account ELSE b.clearing END AS credit,
           CASE WHEN k.kind = 'GAME_LOAD' OR (k.kind = 'WITHDRAWAL' AND k.r > 0.93) THEN gm.name END AS game
      FROM kinds k CROSS JOIN bench_base b
      JOIN bench_players p ON p.player_no = k.player_no
      JOIN bench_games gm ON gm.game_no = k.game_no)
SELECT l.g, l.kind, l.player_id, l.game, l.decided_at, l.wait_seconds, l.operator_no,
       CASE WHEN l.kind = 'REVERSAL' THEN lag(l.amount) OVER w ELSE l.amount END AS amount,
       CASE WHEN l.kind = 'REVERSAL' THEN lag(l.credit) OVER w ELSE l.debit END AS debit,
       CASE WHEN l.kind = 'REVERSAL' THEN lag(l.debit) OVER w ELSE l.credit END AS credit,
       CASE WHEN l.kind = 'REVERSAL' THEN lag(l.decided_at) OVER w + interval '1 hour' ELSE l.decided_at END AS at,
       lead(l.kind) OVER w = 'REVERSAL' AS voided
  FROM legs l WINDOW w AS (ORDER BY l.g);

INSERT INTO orders (id, type, status, player_id, amount, currency, game_name, source_channel, idempotency_key,
                    request_hash, created_by_type, created_at, updated_at, approved_by_type, approved_by_id,
                    approved_at, execution_attempts, executed_at, posting_transaction_id, voided_by_id, voided_at,
                    void_reason, reversal_transaction_id)
OVERRIDING SYSTEM VALUE
SELECT b.order0 + p.g, p.kind, CASE WHEN p.voided THEN 'VOIDED' ELSE 'APPROVED_EXECUTED' END, p.player_id, p.amount,
       'USD', p.game, 'API', 'bench:' || b.run || ':' || p.g, 'bench', 'INTEGRATION',
       p.decided_at - make_interval(secs => p.wait_seconds), p.decided_at, 'OPERATOR', p.operator_no::text,
       p.decided_at, 1, p.decided_at, b.tx0 + p.g,
       CASE WHEN p.voided THEN '1' END, CASE WHEN p.voided THEN p.decided_at + interval '1 hour' END,
       CASE WHEN p.voided THEN 'bench' END, CASE WHEN p.voided THEN b.tx0 + p.g + 1 END
  FROM bench_plan p CROSS JOIN bench_base b
 WHERE p.kind <> 'REVERSAL';

INSERT INTO ledger_transactions (id, idempotency_key, kind, order_id, status, currency, reverses_id, created_at,
                                 finalized_at, metadata, integrity_hash)
OVERRIDING SYSTEM VALUE
SELECT b.tx0 + p.g, k.key, p.kind, k.order_id, 'POSTED', 'USD',
       CASE WHEN p.kind = 'REVERSAL' THEN b.tx0 + p.g - 1 END, p.at, p.at, '{}'::jsonb,
       ledger_integrity_hash(k.key, p.kind, k.order_id, 'USD', ARRAY[p.debit, p.credit], ARRAY[p.amount, -p.amount])
  FROM bench_plan p CROSS JOIN bench_base b
 CROSS JOIN LATERAL (SELECT 'bench:' || b.run || ':tx:' || p.g AS key,
                            b.order0 + CASE WHEN p.kind = 'REVERSAL' THEN p.g - 1 ELSE p.g END AS order_id) k;

INSERT INTO ledger_entries (id, transaction_id, account_id, bucket, amount)
OVERRIDING SYSTEM VALUE
SELECT b.entry0 + 2 * p.g - 1 + leg, b.tx0 + p.g, CASE leg WHEN 0 THEN p.debit ELSE p.credit END,
       ((b.tx0 + p.g) % a.bucket_count)::smallint, CASE leg WHEN 0 THEN p.amount ELSE -p.amount END
  FROM bench_plan p CROSS JOIN bench_base b CROSS JOIN generate_series(0, 1) leg
  JOIN accounts a ON a.id = CASE leg WHEN 0 THEN p.debit ELSE p.credit END;

-- History: the decision (straight to APPROVED_EXECUTED for deposits, via EXECUTING otherwise), and the void.
INSERT INTO order_history (id, order_id, at, from_status, to_status, actor_type, actor_id, note)
OVERRIDING SYSTEM VALUE
SELECT b.history0 + 3 * p.g - 2 + s.step, b.order0 + p.g,
       p.decided_at + CASE s.step WHEN 2 THEN interval '1 hour' ELSE make_interval(secs => s.step) END, s.from_status, s.to_status, s.actor_type, s.actor_id, NULL
  FROM bench_plan p CROSS JOIN bench_base b
 CROSS JOIN LATERAL (VALUES
        (0, 'PENDING_REVIEW', CASE WHEN p.kind = 'DEPOSIT' THEN 'APPROVED_EXECUTED' ELSE 'EXECUTING' END,
            'OPERATOR', p.operator_no::text, true),
        (1, 'EXECUTING', 'APPROVED_EXECUTED', 'SYSTEM', 'executor', p.kind <> 'DEPOSIT'),
        (2, 'APPROVED_EXECUTED', 'VOIDED', 'OPERATOR', '1', p.voided)) AS s(step, from_status, to_status, actor_type,
                                                                        actor_id, wanted)
 WHERE p.kind <> 'REVERSAL' AND s.wanted;

UPDATE account_balances ab SET posted = ab.posted + s.total
  FROM (SELECT e.account_id, e.bucket, sum(e.amount)::bigint AS total
          FROM ledger_entries e WHERE e.id > (SELECT entry0 FROM bench_base) GROUP BY 1, 2) s
 WHERE ab.account_id = s.account_id AND ab.bucket = s.bucket;

SELECT setval(pg_get_serial_sequence('orders', 'id'), (SELECT max(id) FROM orders));
SELECT setval(pg_get_serial_sequence('ledger_transactions', 'id'), (SELECT max(id) FROM ledger_transactions));
SELECT setval(pg_get_serial_sequence('ledger_entries', 'id'), (SELECT max(id) FROM ledger_entries));
SELECT setval(pg_get_serial_sequence('order_history', 'id'), (SELECT max(id) FROM order_history));
