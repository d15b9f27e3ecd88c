-- Report rollups: pre-aggregated daily figures that reports read instead of scanning the ledger.
-- A worker (report_rollup_run) folds new rows of two append-only sources into them:
--   'ledger'  ledger_transactions, by id; a transaction counts when it is POSTED, on its finalized day;
--   'orders'  order_history, by id; every status change of an order.
-- Each source has a cursor (every id <= cursor_id has been folded, or parked as still pending) and
-- a safe horizon (every id <= safe_id belongs to a finished database transaction). Ids come from
-- sequences and are handed out before commit, so a committed id 101 may be visible while id 100
-- is still in flight; the cursor therefore never passes safe_id. The horizon moves up by a
-- candidate: the largest id seen at some moment, confirmed once every transaction that could
-- still hold a smaller id has ended (see docs/decisions/0022-report-rollups-watermark.md).
-- Rollups, cursors and the pending set change in one transaction, so a crash folds nothing twice.

CREATE TABLE report_rollup_state (
    source           text        NOT NULL,
    cursor_id        bigint      NOT NULL DEFAULT 0,
    safe_id          bigint      NOT NULL DEFAULT 0,
    candidate_id     bigint,
    candidate_at     timestamptz,
    candidate_xmax   xid8,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT report_rollup_state_pk PRIMARY KEY (source),
    CONSTRAINT report_rollup_state_source_ck CHECK (source IN ('ledger', 'orders')),
    CONSTRAINT report_rollup_state_cursor_ck CHECK (cursor_id <= safe_id)
);
INSERT INTO report_rollup_state (source) VALUES ('ledger'), ('orders');

-- Ledger transactions the cursor passed while they were PENDING (holds of executing orders);
-- folded, and removed, once they are finalized.
CREATE TABLE report_pending_transactions (
    transaction_id  bigint NOT NULL,
    CONSTRAINT report_pending_transactions_pk PRIMARY KEY (transaction_id)
);

-- Money that moved, per UTC day: flow is the transaction kind (DEPOSIT, GAME_LOAD, WITHDRAWAL, ...)
-- or VOID_<kind of the reversed transaction> for reversals; game is the order's game ('' if none).
-- amount is the transaction's debit total (its size), in minor units.
CREATE TABLE report_ledger_daily (
    day           date    NOT NULL,
    currency      char(3) NOT NULL,
    flow          text    NOT NULL,
    game          text    NOT NULL,
    transactions  bigint  NOT NULL,
    amount        bigint  NOT NULL,
    CONSTRAINT report_ledger_daily_pk PRIMARY KEY (day, currency, flow, game)
);

-- Order status changes per UTC day. decision_millis sums, for changes out of PENDING_REVIEW,
-- the time from the order's creation to that decision.
CREATE TABLE report_order_daily (
    day              date    NOT NULL,
    currency         char(3) NOT NULL,
    order_type       text    NOT NULL,
    from_status      text    NOT NULL,
    to_status        text    NOT NULL,
    actor_type       text    NOT NULL,
    actor_id         text    NOT NULL,
    events           bigint  NOT NULL,
    amount           bigint  NOT NULL,
    decision_millis  bigint  NOT NULL,
    CONSTRAINT report_order_daily_pk PRIMARY KEY (day, currency, order_type, from_status, to_status, actor_type, actor_id)
);

-- Time-to-decision histogram per UTC day: bucket i counts decisions that took less than
-- report_decision_bounds()[i + 1] seconds (and at least the previous bound); the last bucket is open.
CREATE TABLE report_decision_latency (
    day         date     NOT NULL,
    order_type  text     NOT NULL,
    bucket      smallint NOT NULL,
    events      bigint   NOT NULL,
    CONSTRAINT report_decision_latency_pk PRIMARY KEY (day, order_type, bucket)
);

CREATE FUNCTION report_decision_bounds() RETURNS numeric[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY[10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400]::numeric[]
$$;

-- Adds POSTED ledger transactions to report_ledger_daily (the caller guarantees each is added once).
CREATE FUNCTION report_fold_ledger(p_ids bigint[]) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    folded integer;
BEGIN
    INSERT INTO report_ledger_daily AS d (day, currency, flow, game, transactions, amount)
    SELECT (t.finalized_at AT TIME ZONE 'UTC')::date, t.currency,
           CASE WHEN t.kind = 'REVERSAL' THEN 'VOID_' || coalesce(r.kind, 'UNKNOWN') ELSE t.kind END,
           coalesce(o.game_name, ''), count(*), coalesce(sum(x.amount), 0)
      FROM ledger_transactions t
      JOIN LATERAL (SELECT sum(e.amount) FILTER (WHERE e.amount > 0) AS amount
                      FROM ledger_entries e WHERE e.transaction_id = t.id) x ON true
      LEFT JOIN ledger_transactions r ON r.id = t.reverses_id
      LEFT JOIN orders o ON o.id = t.order_id
     WHERE t.id = ANY (p_ids) AND t.status = 'POSTED'
     GROUP BY 1, 2, 3, 4
    ON CONFLICT (day, currency, flow, game) DO UPDATE
       SET transactions = d.transactions + EXCLUDED.transactions, amount = d.amount + EXCLUDED.amount;
    GET DIAGNOSTICS folded = ROW_COUNT;
    RETURN folded;
END $$;

-- Adds order_history rows with p_after < id <= p_upto to the order rollups.
CREATE FUNCTION report_fold_orders(p_after bigint, p_upto bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_order_daily AS d (day, currency, order_type, from_status, to_status, actor_type, actor_id,
                                         events, amount, decision_millis)
    SELECT (h.at AT TIME ZONE 'UTC')::date, o.currency, o.type, coalesce(h.from_status, ''), h.to_status,
           h.actor_type, coalesce(h.actor_id, ''), count(*), sum(o.amount),
           coalesce(sum(floor(extract(epoch FROM h.at - o.created_at) * 1000)::bigint)
                    FILTER (WHERE h.from_status = 'PENDING_REVIEW'), 0)
      FROM order_history h JOIN orders o ON o.id = h.order_id
     WHERE h.id > p_after AND h.id <= p_upto
     GROUP BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (day, currency, order_type, from_status, to_status, actor_type, actor_id) DO UPDATE
       SET events = d.events + EXCLUDED.events, amount = d.amount + EXCLUDED.amount,
           decision_millis = d.decision_millis + EXCLUDED.decision_millis;

    INSERT INTO report_decision_latency AS d (day, order_type, bucket, events)
    SELECT (h.at AT TIME ZONE 'UTC')::date, o.type,
           width_bucket(greatest(extract(epoch FROM h.at - o.created_at), 0), report_decision_bounds())::smallint,
           count(*)
      FROM order_history h JOIN orders o ON o.id = h.order_id
     WHERE h.id > p_after AND h.id <= p_upto AND h.from_status = 'PENDING_REVIEW'
     GROUP BY 1, 2, 3
    ON CONFLICT (day, order_type, bucket) DO UPDATE SET events = d.events + EXCLUDED.events;
END $$;

-- Moves a source's safe horizon and returns it. A candidate (the largest id visible now) becomes
-- safe in three steps: recorded; after p_settle_millis the xmax of a fresh snapshot is taken (every
-- transaction that had already drawn an id by then has an xid below it, even one that drew the id
-- just before it wrote anything); confirmed when the oldest running xid is past that xmax.
CREATE FUNCTION report_advance_horizon(p_source text, p_max_id bigint, p_settle_millis integer)
    RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    s report_rollup_state;
    snap pg_snapshot := pg_current_snapshot();
BEGIN
    SELECT * INTO s FROM report_rollup_state WHERE source = p_source FOR UPDATE;
    IF s.candidate_id IS NOT NULL AND s.candidate_xmax IS NULL
       AND clock_timestamp() - s.candidate_at >= make_interval(secs => p_settle_millis / 1000.0) THEN
        s.candidate_xmax := pg_snapshot_xmax(snap);
    ELSIF s.candidate_xmax IS NOT NULL AND pg_snapshot_xmin(snap) >= s.candidate_xmax THEN
        s.safe_id := greatest(s.safe_id, s.candidate_id);
        s.candidate_id := NULL;
        s.candidate_at := NULL;
        s.candidate_xmax := NULL;
    END IF;
    IF s.candidate_id IS NULL AND p_max_id > s.safe_id THEN
        s.candidate_id := p_max_id;
        s.candidate_at := clock_timestamp();
    END IF;
    UPDATE report_rollup_state
       SET safe_id = s.safe_id, candidate_id = s.candidate_id, candidate_at = s.candidate_at,
           candidate_xmax = s.candidate_xmax, updated_at = now()
     WHERE source = p_source;
    RETURN s.safe_id;
END $$;

-- One worker iteration: folds at most p_batch rows of each source. Returns how many ledger
-- transactions and history rows it handled, or -1 when another session holds the rollup lock.
CREATE FUNCTION report_rollup_run(p_batch integer, p_settle_millis integer) RETURNS integer
    LANGUAGE plpgsql AS $$
DECLARE
    safe bigint;
    cur bigint;
    upto bigint;
    handled integer := 0;
    finished bigint[];
    pending bigint[];
    posted bigint[];
    batch_size integer;
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('teller.report_rollup')) THEN
        RETURN -1;
    END IF;

    -- Ledger: transactions the cursor passed as PENDING that are now final.
    SELECT array_agg(p.transaction_id) INTO finished
      FROM report_pending_transactions p JOIN ledger_transactions t ON t.id = p.transaction_id
     WHERE t.status <> 'PENDING';
    IF finished IS NOT NULL THEN
        DELETE FROM report_pending_transactions WHERE transaction_id = ANY (finished);
        PERFORM report_fold_ledger(finished);
        handled := handled + cardinality(finished);
    END IF;

    -- Ledger: the next batch below the safe horizon.
    safe := report_advance_horizon('ledger', (SELECT coalesce(max(id), 0) FROM ledger_transactions), p_settle_millis);
    SELECT cursor_id INTO cur FROM report_rollup_state WHERE source = 'ledger';
    SELECT max(id) INTO upto FROM (SELECT id FROM ledger_transactions WHERE id > cur AND id <= safe
                                    ORDER BY id LIMIT p_batch) b;
    IF upto IS NOT NULL THEN
        -- One statement, one snapshot: a hold finalized while this runs is either parked or
        -- folded here, never both.
        SELECT array_agg(id) FILTER (WHERE status = 'PENDING'), array_agg(id) FILTER (WHERE status = 'POSTED'),
               count(*)
          INTO pending, posted, batch_size
          FROM ledger_transactions WHERE id > cur AND id <= upto;
        IF pending IS NOT NULL THEN
            INSERT INTO report_pending_transactions (transaction_id) SELECT unnest(pending);
        END IF;
        IF posted IS NOT NULL THEN
            PERFORM report_fold_ledger(posted);
        END IF;
        handled := handled + batch_size;
    END IF;
    UPDATE report_rollup_state SET cursor_id = coalesce(upto, safe) WHERE source = 'ledger';

    -- Orders: the next batch of status changes below the safe horizon.
    safe := report_advance_horizon('orders', (SELECT coalesce(max(id), 0) FROM order_history), p_settle_millis);
    SELECT cursor_id INTO cur FROM report_rollup_state WHERE source = 'orders';
    SELECT max(id) INTO upto FROM (SELECT id FROM order_history WHERE id > cur AND id <= safe
                                    ORDER BY id LIMIT p_batch) b;
    IF upto IS NOT NULL THEN
        PERFORM report_fold_orders(cur, upto);
        handled := handled + (SELECT count(*) FROM order_history WHERE id > cur AND id <= upto)::integer;
    END IF;
    UPDATE report_rollup_state SET cursor_id = coalesce(upto, safe) WHERE source = 'orders';
    RETURN handled;
END $$;

-- Indexes for the few current-state queries reports make.
CREATE INDEX report_orders_pending_created_ix ON orders (created_at) WHERE status = 'PENDING_REVIEW';
