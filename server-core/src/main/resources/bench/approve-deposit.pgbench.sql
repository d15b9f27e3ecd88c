-- One deposit approval as one round trip and one commit: the SQL function the server's group
-- commit calls, here with a batch of one order. Each transaction takes the next queued order id
-- (bench_queue is filled by `teller-server-core.jar bench` before pgbench starts).
SELECT count(*) FROM approval_approve_deposits(
    ARRAY[(SELECT order_id FROM bench_queue WHERE seq = (SELECT nextval('bench_queue_seq')))],
    ARRAY['OPERATOR'], ARRAY['pgbench'], ARRAY[NULL::text], ARRAY['pgbench'], (random() * 1e15)::bigint);
