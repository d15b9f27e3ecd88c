-- Decision 0170: a group-commit batch costs two round trips and one commit, whatever its size. The
-- third round trip of decision 0135 (the stored answers with the COMMIT) existed because an answer
-- was rendered from the order as the apply left it, and only the database knew two of its values:
-- the transaction's time (now()) and each posting's ledger transaction id. The batch's first round
-- trip now reads both (now() is fixed for the whole transaction; the ids are drawn from the ledger's
-- own sequence, one per approval, unused ones left as gaps like a rolled-back transaction's), so
-- Java renders every answer before the apply and sends the answers, the writes and the COMMIT in
-- one round trip. Nothing here decides: the functions take the ids they are given.

-- The one ledger_record, now with the transaction's id chosen by the caller (null: the next of the
-- sequence, as before). The old signature calls it, so every caller records a transfer one way.
CREATE FUNCTION ledger_record(p_key text, p_kind text, p_order_id bigint, p_currency text,
                              p_accounts bigint[], p_amounts bigint[], p_pending boolean,
                              p_metadata jsonb, p_reverses_id bigint, p_bucket_hint bigint,
                              p_transaction_id bigint)
    RETURNS TABLE (transaction_id bigint, created boolean, buckets smallint[]) LANGUAGE plpgsql AS $$
DECLARE
    tx_id bigint;
    hash text := ledger_integrity_hash(p_key, p_kind, p_order_id, p_currency, p_accounts, p_amounts);
    existing_hash text;
    chosen smallint[];
BEGIN
    IF cardinality(p_accounts) < 2 OR cardinality(p_accounts) <> cardinality(p_amounts) THEN
        RAISE EXCEPTION 'LEDGER_MALFORMED: a transfer needs at least two legs with one amount each';
    END IF;
    INSERT INTO ledger_transactions (id, idempotency_key, kind, order_id, status, currency, reverses_id,
                                     finalized_at, metadata, integrity_hash)
    OVERRIDING SYSTEM VALUE
    VALUES (coalesce(p_transaction_id, nextval(pg_get_serial_sequence('ledger_transactions', 'id'))), p_key, p_kind, p_order_id, CASE WHEN p_pending THEN 'PENDING' ELSE 'POSTED' END, p_currency,
            p_reverses_id, CASE WHEN p_pending THEN NULL ELSE now() END, coalesce(p_metadata, '{}'::jsonb), hash)
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING id INTO tx_id;
    IF tx_id IS NULL THEN
        SELECT t.id, t.integrity_hash INTO tx_id, existing_hash FROM ledger_transactions t WHERE t.idempotency_key = p_key;
        IF existing_hash <> hash THEN
            RAISE EXCEPTION 'LEDGER_KEY_REUSED: idempotency key % already names a different transfer', p_key;
        END IF;
        RETURN QUERY SELECT tx_id, false, NULL::smallint[];
        RETURN;
    END IF;
    SELECT array_agg((coalesce(p_bucket_hint, tx_id) % a.bucket_count)::smallint ORDER BY x.ord)
      INTO chosen
      FROM unnest(p_accounts) WITH ORDINALITY AS x(account_id, ord)
      JOIN accounts a ON a.id = x.account_id;
    IF cardinality(chosen) IS DISTINCT FROM cardinality(p_accounts) THEN
        RAISE EXCEPTION 'LEDGER_UNKNOWN_ACCOUNT: transfer % names an account that does not exist', p_key;
    END IF;
    INSERT INTO ledger_entries (transaction_id, account_id, bucket, amount)
    SELECT tx_id, a, b, m FROM unnest(p_accounts, chosen, p_amounts) AS x(a, b, m);
    RETURN QUERY SELECT tx_id, true, chosen;
END $$;

CREATE OR REPLACE FUNCTION ledger_record(p_key text, p_kind text, p_order_id bigint, p_currency text,
                                         p_accounts bigint[], p_amounts bigint[], p_pending boolean,
                                         p_metadata jsonb, p_reverses_id bigint, p_bucket_hint bigint)
    RETURNS TABLE (transaction_id bigint, created boolean, buckets smallint[]) LANGUAGE sql AS $$
    SELECT * FROM ledger_record(p_key, p_kind, p_order_id, p_currency, p_accounts, p_amounts, p_pending, p_metadata,
                                p_reverses_id, p_bucket_hint, NULL::bigint)
$$;

-- approval_apply_deposits with the postings' ledger transaction ids chosen by the caller (item i for
-- order i; null or absent: the sequence's next, as pgbench's script calls it).
DROP FUNCTION approval_apply_deposits;
CREATE FUNCTION approval_apply_deposits(p_order_ids bigint[], p_currencies text[], p_keys text[], p_kinds text[],
                                        p_approver_types text[], p_approver_ids text[], p_notes text[],
                                        p_leg_orders integer[], p_leg_accounts bigint[], p_leg_amounts bigint[],
                                        p_ledger_metadata jsonb[], p_audit_actor_types text[],
                                        p_audit_actor_ids text[], p_audit_origins text[], p_audit_actions text[],
                                        p_audit_details jsonb[], p_event_types text[], p_event_payloads jsonb[],
                                        p_bucket_hint bigint, p_transaction_ids bigint[] DEFAULT NULL)
    RETURNS TABLE (result_order_id bigint, transaction_id bigint) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    rec record;
    i integer;
    legs_accounts bigint[];
    legs_amounts bigint[];
    all_accounts bigint[] := '{}';
    all_buckets smallint[] := '{}';
    all_amounts bigint[] := '{}';
BEGIN
    PERFORM set_config('teller.approval_path', 'on', true);
    FOR i IN 1 .. coalesce(cardinality(p_order_ids), 0) LOOP
        SELECT array_agg(x.a ORDER BY x.n), array_agg(x.m ORDER BY x.n) INTO legs_accounts, legs_amounts
          FROM unnest(p_leg_orders, p_leg_accounts, p_leg_amounts) WITH ORDINALITY AS x(k, a, m, n)
         WHERE x.k = i;
        SELECT * INTO rec FROM ledger_record(p_keys[i], p_kinds[i], p_order_ids[i], p_currencies[i], legs_accounts,
                                             legs_amounts, false, p_ledger_metadata[i], NULL, p_bucket_hint,
                                             p_transaction_ids[i]);
        IF rec.created THEN
            all_accounts := all_accounts || legs_accounts;
            all_buckets := all_buckets || rec.buckets;
            all_amounts := all_amounts || legs_amounts;
        END IF;

        UPDATE orders
           SET status = 'APPROVED_EXECUTED', approved_by_type = p_approver_types[i], approved_by_id = p_approver_ids[i],
               approved_at = now(), approval_note = p_notes[i], execution_attempts = execution_attempts + 1,
               executed_at = now(), execution_error = NULL, posting_transaction_id = rec.transaction_id,
               execution_result = jsonb_build_object('ledgerTransactionId', rec.transaction_id::text)
         WHERE id = p_order_ids[i] AND status = 'PENDING_REVIEW';
        IF NOT FOUND THEN
            -- The caller decided under the order's lock; a changed order here is a bug, not a refusal.
            RAISE EXCEPTION 'APPROVAL_APPLY_STALE: order % is no longer PENDING_REVIEW', p_order_ids[i];
        END IF;
        INSERT INTO order_history (order_id, from_status, to_status, actor_type, actor_id, note)
        VALUES (p_order_ids[i], 'PENDING_REVIEW', 'APPROVED_EXECUTED', p_audit_actor_types[i], p_audit_actor_ids[i],
                p_notes[i]);
        INSERT INTO audit_log (actor_type, actor_id, action, resource_type, resource_id, origin, outcome, details)
        VALUES (p_audit_actor_types[i], p_audit_actor_ids[i], p_audit_actions[i], 'ORDER', p_order_ids[i]::text,
                p_audit_origins[i], 'SUCCESS',
                jsonb_set(p_audit_details[i], '{ledgerTransactionId}', to_jsonb(rec.transaction_id::text)));
        INSERT INTO outbox_events (event_type, aggregate_type, aggregate_id, payload)
        VALUES (p_event_types[i], 'ORDER', p_order_ids[i]::text, p_event_payloads[i]);
        result_order_id := p_order_ids[i];
        transaction_id := rec.transaction_id;
        RETURN NEXT;
    END LOOP;
    IF cardinality(all_accounts) > 0 THEN
        PERFORM ledger_apply(all_accounts, all_buckets, all_amounts, 'POST');
    END IF;
END $$;

-- approval_batch_apply passes the deposits' chosen ids on; the key answers it stores (k_*) are now
-- every answer of the batch, decided ones included, so nothing is left for a later round trip.
DROP FUNCTION approval_batch_apply;
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
    d_house_buckets integer, d_bucket_hint bigint, d_transaction_ids bigint[],
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
                                               d_event_types, d_payloads, d_bucket_hint, d_transaction_ids)
                       WITH ORDINALITY AS r;
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
