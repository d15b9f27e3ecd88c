-- One deposit approval as one round trip and one commit: the SQL function the server's group
-- commit calls to apply what the approval rules decided (decision 0060), here with a batch of one
-- order and the audit row and event the server builds for it. The rules themselves run in the
-- server, over facts it reads under the order's lock; this measures the database's share of the work.
-- Each transaction takes the next queued order id (bench_queue is filled by `teller-server-core.jar
-- bench` before pgbench starts; the HTTP run before it has opened the house:cash account).
SELECT count(*)
  FROM (SELECT o.id, o.currency::text AS currency, o.amount, o.type, o.player_id, p.wallet_account_id AS wallet,
               (SELECT a.id FROM accounts a WHERE a.code = 'house:cash:' || o.currency) AS cash
          FROM orders o JOIN players p ON p.id = o.player_id
         WHERE o.id = (SELECT order_id FROM bench_queue WHERE seq = (SELECT nextval('bench_queue_seq')))) b,
       LATERAL approval_apply_deposits(
           ARRAY[b.id], ARRAY[b.currency], ARRAY['order:' || b.id || ':deposit'], ARRAY['DEPOSIT'],
           ARRAY['OPERATOR'], ARRAY['pgbench'], ARRAY[NULL::text],
           ARRAY[1, 1], ARRAY[b.cash, b.wallet], ARRAY[b.amount, -b.amount],
           ARRAY[jsonb_build_object('orderId', b.id::text)],
           ARRAY['OPERATOR'], ARRAY['pgbench'], ARRAY['pgbench'], ARRAY['ORDER_APPROVE'],
           ARRAY[jsonb_build_object('type', b.type, 'amount', b.amount, 'currency', b.currency,
                                    'before', 'PENDING_REVIEW', 'after', 'APPROVED_EXECUTED', 'attempt', 1,
                                    'ledgerTransactionId', NULL)],
           ARRAY['ORDER_APPROVED'],
           ARRAY[jsonb_build_object('orderId', b.id::text, 'type', b.type, 'status', 'APPROVED_EXECUTED',
                                    'playerId', b.player_id, 'amount', b.amount, 'currency', b.currency, 'attempt', 1)],
           (random() * 1e15)::bigint) AS applied;
