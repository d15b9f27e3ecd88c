-- Approves a batch of DEPOSIT orders in one round trip and one commit (group commit): the
-- approval service gathers concurrent deposit approvals and hands them here together.
-- Each item is checked under its row lock and answered on its own: APPROVED (detail = ledger
-- transaction id), NOT_FOUND, WRONG_TYPE (detail = type), NOT_PENDING (detail = status) or
-- SELF_APPROVAL. Balances are applied once for the whole batch, in (account, bucket) order, so
-- all of the batch's house:cash postings land in one bucket row with a single update.
CREATE FUNCTION approval_approve_deposits(p_order_ids bigint[], p_actor_types text[], p_actor_ids text[],
                                          p_notes text[], p_origins text[], p_bucket_hint bigint)
    RETURNS TABLE (result_order_id bigint, outcome text, detail text) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    o record;
    rec record;
    i integer;
    cash_id bigint;
    all_accounts bigint[] := '{}';
    all_buckets smallint[] := '{}';
    all_amounts bigint[] := '{}';
BEGIN
    PERFORM set_config('teller.approval_path', 'on', true);
    PERFORM 1 FROM orders WHERE id = ANY (p_order_ids) ORDER BY id FOR UPDATE;
    FOR i IN 1 .. coalesce(cardinality(p_order_ids), 0) LOOP
        SELECT ord.id, ord.type, ord.status, ord.amount, ord.currency, ord.player_id, ord.created_by_type,
               ord.created_by_id, p.wallet_account_id
          INTO o
          FROM orders ord JOIN players p ON p.id = ord.player_id
         WHERE ord.id = p_order_ids[i];
        result_order_id := p_order_ids[i];
        IF NOT FOUND THEN
            outcome := 'NOT_FOUND'; detail := NULL; RETURN NEXT; CONTINUE;
        ELSIF o.type <> 'DEPOSIT' THEN
            outcome := 'WRONG_TYPE'; detail := o.type; RETURN NEXT; CONTINUE;
        ELSIF o.status <> 'PENDING_REVIEW' THEN
            outcome := 'NOT_PENDING'; detail := o.status; RETURN NEXT; CONTINUE;
        ELSIF o.created_by_type = 'OPERATOR' AND p_actor_types[i] = 'OPERATOR' AND o.created_by_id = p_actor_ids[i] THEN
            outcome := 'SELF_APPROVAL'; detail := NULL; RETURN NEXT; CONTINUE;
        END IF;

        SELECT id INTO cash_id FROM accounts WHERE code = 'house:cash:' || o.currency;
        IF cash_id IS NULL THEN
            cash_id := ledger_open_account('house:cash:' || o.currency, 'ASSET', o.currency, NULL, 16);
        END IF;
        SELECT * INTO rec FROM ledger_record('order:' || o.id || ':deposit', 'DEPOSIT', o.id, o.currency,
                                             ARRAY[cash_id, o.wallet_account_id], ARRAY[o.amount, -o.amount], false,
                                             jsonb_build_object('orderId', o.id::text), NULL, p_bucket_hint);
        IF rec.created THEN
            all_accounts := all_accounts || ARRAY[cash_id, o.wallet_account_id];
            all_buckets := all_buckets || rec.buckets;
            all_amounts := all_amounts || ARRAY[o.amount, -o.amount];
        END IF;

        UPDATE orders
           SET status = 'APPROVED_EXECUTED', approved_by_type = p_actor_types[i], approved_by_id = p_actor_ids[i],
               approved_at = now(), approval_note = p_notes[i], execution_attempts = execution_attempts + 1,
               executed_at = now(), execution_error = NULL, posting_transaction_id = rec.transaction_id,
               execution_result = jsonb_build_object('ledgerTransactionId', rec.transaction_id::text)
         WHERE id = o.id;
        INSERT INTO order_history (order_id, from_status, to_status, actor_type, actor_id, note)
        VALUES (o.id, 'PENDING_REVIEW', 'APPROVED_EXECUTED', p_actor_types[i], p_actor_ids[i], p_notes[i]);
        INSERT INTO audit_log (actor_type, actor_id, action, resource_type, resource_id, origin, outcome, details)
        VALUES (p_actor_types[i], p_actor_ids[i], 'ORDER_APPROVE', 'ORDER', o.id::text, p_origins[i], 'SUCCESS',
                jsonb_build_object('before', 'PENDING_REVIEW', 'after', 'APPROVED_EXECUTED', 'amount', o.amount,
                                   'currency', o.currency, 'ledgerTransactionId', rec.transaction_id::text));
        INSERT INTO outbox_events (event_type, aggregate_type, aggregate_id, payload)
        VALUES ('ORDER_APPROVED', 'ORDER', o.id::text,
                jsonb_build_object('orderId', o.id::text, 'type', o.type, 'status', 'APPROVED_EXECUTED',
                                   'playerId', o.player_id, 'amount', o.amount, 'currency', o.currency));
        outcome := 'APPROVED'; detail := rec.transaction_id::text; RETURN NEXT;
    END LOOP;
    IF cardinality(all_accounts) > 0 THEN
        PERFORM ledger_apply(all_accounts, all_buckets, all_amounts, 'POST');
    END IF;
END $$;
