-- One source for the approval rules (decision 0060): Java decides over facts read once inside the
-- approval transaction, and SQL only applies the writes. The deposit batch function of V4 decided
-- too (its own status and self-approval checks, its own audit and event payloads); it is replaced
-- by one that applies what Java decided, with the audit details and event payloads Java built.
DROP FUNCTION approval_approve_deposits(bigint[], text[], text[], text[], text[], bigint);

-- Posts a batch of approved DEPOSIT orders in one round trip and one commit (group commit,
-- decision 0002). The caller has locked the orders and decided each one; item i of every array
-- belongs to order i. Legs are flattened: leg j belongs to order p_leg_orders[j]. Each audit row is
-- written with the details given and the posting's ledger transaction id filled in (only this
-- function knows it). Balances are applied once for the whole batch, in (account, bucket) order.
CREATE FUNCTION approval_apply_deposits(p_order_ids bigint[], p_currencies text[], p_keys text[], p_kinds text[],
                                        p_approver_types text[], p_approver_ids text[], p_notes text[],
                                        p_leg_orders integer[], p_leg_accounts bigint[], p_leg_amounts bigint[],
                                        p_ledger_metadata jsonb[], p_audit_actor_types text[],
                                        p_audit_actor_ids text[], p_audit_origins text[], p_audit_actions text[],
                                        p_audit_details jsonb[], p_event_types text[], p_event_payloads jsonb[],
                                        p_bucket_hint bigint)
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
                                             legs_amounts, false, p_ledger_metadata[i], NULL, p_bucket_hint);
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

-- A player's approved activity (EXECUTING or APPROVED_EXECUTED, by approval time) over the limits'
-- rolling windows, which start at the given times (the windows' lengths are the approval rules'),
-- and the player's last approved withdrawal ever (a cooldown may be longer than any window). Read
-- at intake and by the approval facts, from this one definition.
CREATE FUNCTION risk_player_activity(p_player_id text, p_day_from timestamptz, p_week_from timestamptz,
                                     p_month_from timestamptz)
    RETURNS TABLE (deposits_day bigint, loads_day bigint, payouts_day bigint, loads_week bigint, payouts_week bigint,
                   loads_month bigint, payouts_month bigint, last_withdrawal_at timestamptz)
    LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(amount) FILTER (WHERE type = 'DEPOSIT' AND approved_at > p_day_from), 0)::bigint,
           coalesce(sum(amount) FILTER (WHERE type = 'GAME_LOAD' AND approved_at > p_day_from), 0)::bigint,
           coalesce(sum(amount) FILTER (WHERE type = 'WITHDRAWAL' AND approved_at > p_day_from), 0)::bigint,
           coalesce(sum(amount) FILTER (WHERE type = 'GAME_LOAD' AND approved_at > p_week_from), 0)::bigint,
           coalesce(sum(amount) FILTER (WHERE type = 'WITHDRAWAL' AND approved_at > p_week_from), 0)::bigint,
           coalesce(sum(amount) FILTER (WHERE type = 'GAME_LOAD' AND approved_at > p_month_from), 0)::bigint,
           coalesce(sum(amount) FILTER (WHERE type = 'WITHDRAWAL' AND approved_at > p_month_from), 0)::bigint,
           max(approved_at) FILTER (WHERE type = 'WITHDRAWAL')
      FROM orders
     WHERE player_id = p_player_id AND status IN ('EXECUTING', 'APPROVED_EXECUTED')
$$;

-- Claims (decision 0062): a soft lock so two operators do not work one order. One row per order;
-- a row whose expires_at has passed is no claim (readers compare with their clock), and a sweep
-- removes such rows and announces them. The order's decision removes its claim.
CREATE TABLE order_claims (
    order_id     bigint      NOT NULL,
    operator_id  bigint      NOT NULL,
    claimed_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    CONSTRAINT order_claims_pk PRIMARY KEY (order_id),
    CONSTRAINT order_claims_order_fk FOREIGN KEY (order_id) REFERENCES orders (id),
    CONSTRAINT order_claims_operator_fk FOREIGN KEY (operator_id) REFERENCES operators (id),
    CONSTRAINT order_claims_expiry_ck CHECK (expires_at > claimed_at)
);
CREATE INDEX order_claims_expires_ix ON order_claims (expires_at);
