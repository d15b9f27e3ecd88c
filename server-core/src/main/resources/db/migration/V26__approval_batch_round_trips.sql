-- Decision 0135: a group-commit batch of deposit approvals costs a fixed number of round trips
-- whatever its size. Before the rules decide (in Java, decision 0060), one round trip takes the
-- locks, claims the Idempotency-Keys and reads the facts; after, one round trip applies everything
-- the rules decided and reads the decided orders back; the stored answers ride with the commit.
-- These functions only lock, claim and apply: no rule is decided here.

-- The risk locks of these orders' players (sorted, as every risk change takes them). The one
-- definition, called by the batch below and by every other decision (PgRiskStore.lockPlayersOf).
CREATE FUNCTION risk_lock_players_of(p_order_ids bigint[]) RETURNS bigint LANGUAGE sql AS $$
    SELECT count(pg_advisory_xact_lock(hashtextextended('teller.risk.player:' || p, 0)))
      FROM (SELECT DISTINCT player_id COLLATE "C" AS p FROM orders WHERE id = ANY (p_order_ids) ORDER BY 1) AS batch
$$;

-- Claims an Idempotency-Key for one request (decision 0070): true when the key is now this
-- request's. An unfinished claim of the same request is taken over when its owner's advisory lock
-- (p_lock_space, owner) is no longer held, or when it is older than p_stale_seconds. The one
-- definition, called by PgIdempotencyRecords.claim and by the approval batch.
CREATE FUNCTION idempotency_claim(p_principal text, p_key text, p_method_path text, p_request_hash text,
                                  p_owner integer, p_stale_seconds bigint, p_lock_space integer)
    RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    claimed integer;
BEGIN
    INSERT INTO idempotency_records (principal, key, method_path, request_hash, owner_lock)
    VALUES (p_principal, p_key, p_method_path, p_request_hash, p_owner)
    ON CONFLICT (principal, key) DO UPDATE SET created_at = now(), owner_lock = EXCLUDED.owner_lock
     WHERE idempotency_records.status_code IS NULL
       AND idempotency_records.method_path = EXCLUDED.method_path
       AND idempotency_records.request_hash = EXCLUDED.request_hash
       AND (idempotency_records.created_at < now() - make_interval(secs => p_stale_seconds)
            OR (idempotency_records.owner_lock IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM pg_locks l
                                 WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                                   AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                                   AND l.classid = p_lock_space::oid
                                   AND l.objid = idempotency_records.owner_lock::oid)));
    GET DIAGNOSTICS claimed = ROW_COUNT;
    RETURN claimed = 1;
END $$;

-- The batch's locks and claims, in the order every decision takes them: the players' risk locks,
-- then the orders' row locks (by id), then each approval's Idempotency-Key, in arrival order. A key
-- is claimed only for an order that is a deposit or does not exist (the batch answers it); a game
-- load or withdrawal goes to the execution path, which claims its key there. Returns per approval:
-- true (claimed), false (already recorded) or null (no key, or not claimed here). The caller reads
-- the facts with its next statement, so they are read after every lock was granted.
CREATE FUNCTION approval_batch_prepare(p_order_ids bigint[], p_principals text[], p_keys text[],
                                       p_method_paths text[], p_request_hashes text[], p_owners integer[],
                                       p_stale_seconds bigint, p_lock_space integer)
    RETURNS boolean[] LANGUAGE plpgsql AS $$
DECLARE
    claimed boolean[] := '{}';
    order_type text;
    i integer;
BEGIN
    PERFORM set_config('teller.approval_path', 'on', true);
    PERFORM risk_lock_players_of(p_order_ids);
    PERFORM 1 FROM (SELECT id FROM orders WHERE id = ANY (p_order_ids) ORDER BY id FOR UPDATE) AS locked;
    FOR i IN 1 .. coalesce(cardinality(p_order_ids), 0) LOOP
        IF p_keys[i] IS NULL THEN
            claimed := claimed || NULL::boolean;
            CONTINUE;
        END IF;
        SELECT type INTO order_type FROM orders WHERE id = p_order_ids[i];
        IF order_type IS NOT NULL AND order_type <> 'DEPOSIT' THEN
            claimed := claimed || NULL::boolean;
        ELSE
            claimed := claimed || idempotency_claim(p_principals[i], p_keys[i], p_method_paths[i],
                                                    p_request_hashes[i], p_owners[i], p_stale_seconds, p_lock_space);
        END IF;
    END LOOP;
    RETURN claimed;
END $$;

-- Everything a decided batch writes, in one call: the limit checks the rules made, the first of two
-- approvals, the audit rows and events Java built (OrderEvents) that come before the postings, the
-- accepted deposits (approval_apply_deposits, with their legs' accounts resolved from their codes;
-- a house account opens on first use), the claims the decisions ended with the events that follow,
-- and the Idempotency-Keys of refusals (stored with their answer, or given up when the status is
-- null). Returns the deposits' ledger transaction ids in the order given.
CREATE FUNCTION approval_batch_apply(
    c_orders bigint[], c_phases text[], c_rules text[], c_limits bigint[], c_currents bigint[], c_outcomes text[],
    c_times timestamptz[],
    f_orders bigint[], f_approver_types text[], f_approver_ids text[], f_notes text[],
    a_after boolean[], a_actor_types text[], a_actor_ids text[], a_actions text[], a_resource_types text[],
    a_resource_ids text[], a_origins text[], a_outcomes text[], a_details jsonb[],
    e_after boolean[], e_types text[], e_aggregate_types text[], e_aggregate_ids text[], e_payloads jsonb[],
    ended_claims bigint[],
    d_order_ids bigint[], d_currencies text[], d_keys text[], d_kinds text[], d_approver_types text[],
    d_approver_ids text[], d_notes text[], d_leg_orders integer[], d_leg_codes text[], d_leg_types text[],
    d_leg_currencies text[], d_leg_amounts bigint[], d_metadata jsonb[], d_actor_types text[], d_actor_ids text[],
    d_origins text[], d_actions text[], d_details jsonb[], d_event_types text[], d_payloads jsonb[],
    d_house_buckets integer, d_bucket_hint bigint,
    k_principals text[], k_keys text[], k_statuses integer[], k_bodies text[])
    RETURNS bigint[] LANGUAGE plpgsql AS $$
DECLARE
    leg_accounts bigint[];
    transactions bigint[] := '{}';
    phase boolean;
BEGIN
    PERFORM set_config('teller.approval_path', 'on', true);
    INSERT INTO order_limit_checks (order_id, phase, rule, limit_value, current_value, outcome, checked_at)
    SELECT * FROM unnest(c_orders, c_phases, c_rules, c_limits, c_currents, c_outcomes, c_times);
    INSERT INTO order_approvals (order_id, approver_type, approver_id, note)
    SELECT * FROM unnest(f_orders, f_approver_types, f_approver_ids, f_notes);

    FOREACH phase IN ARRAY ARRAY[false, true] LOOP
        IF phase THEN
            IF cardinality(d_order_ids) > 0 THEN
                SELECT array_agg(coalesce(
                           (SELECT a.id FROM accounts a WHERE a.code = l.code),
                           CASE WHEN l.code LIKE 'house:%'
                                THEN ledger_open_account(l.code, l.type, l.currency, NULL, d_house_buckets) END)
                           ORDER BY l.n)
                  INTO leg_accounts
                  FROM unnest(d_leg_codes, d_leg_types, d_leg_currencies) WITH ORDINALITY AS l(code, type, currency, n);
                IF array_position(leg_accounts, NULL) IS NOT NULL THEN
                    RAISE EXCEPTION 'APPROVAL_APPLY_ACCOUNT: account % does not exist; only house accounts open on first use',
                        d_leg_codes[array_position(leg_accounts, NULL)];
                END IF;
                SELECT array_agg(r.transaction_id ORDER BY r.ordinality) INTO transactions
                  FROM approval_apply_deposits(d_order_ids, d_currencies, d_keys, d_kinds, d_approver_types,
                                               d_approver_ids, d_notes, d_leg_orders, leg_accounts, d_leg_amounts,
                                               d_metadata, d_actor_types, d_actor_ids, d_origins, d_actions, d_details,
                                               d_event_types, d_payloads, d_bucket_hint) WITH ORDINALITY AS r;
            END IF;
            DELETE FROM order_claims WHERE order_id = ANY (ended_claims);
        END IF;
        INSERT INTO audit_log (actor_type, actor_id, action, resource_type, resource_id, origin, outcome, details)
        SELECT t, i, act, rt, rid, o, oc, d
          FROM unnest(a_after, a_actor_types, a_actor_ids, a_actions, a_resource_types, a_resource_ids, a_origins,
                      a_outcomes, a_details) WITH ORDINALITY AS x(aft, t, i, act, rt, rid, o, oc, d, n)
         WHERE x.aft = phase ORDER BY x.n;
        INSERT INTO outbox_events (event_type, aggregate_type, aggregate_id, payload)
        SELECT t, at, aid, p
          FROM unnest(e_after, e_types, e_aggregate_types, e_aggregate_ids, e_payloads) WITH ORDINALITY
               AS x(aft, t, at, aid, p, n)
         WHERE x.aft = phase ORDER BY x.n;
    END LOOP;

    DELETE FROM idempotency_records r
     USING unnest(k_principals, k_keys, k_statuses) AS k(p, key, s)
     WHERE k.s IS NULL AND r.principal = k.p AND r.key = k.key AND r.status_code IS NULL;
    UPDATE idempotency_records r SET status_code = k.s, response_body = k.b, completed_at = now()
      FROM unnest(k_principals, k_keys, k_statuses, k_bodies) AS k(p, key, s, b)
     WHERE k.s IS NOT NULL AND r.principal = k.p AND r.key = k.key;
    RETURN coalesce(transactions, '{}');
END $$;
