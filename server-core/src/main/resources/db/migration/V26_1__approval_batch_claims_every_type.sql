-- Decision 0135: the batch now decides every approval's first step, game loads and withdrawals too
-- (their hold and EXECUTING commit with the batch; the provider call follows), so it claims every
-- approval's Idempotency-Key, whatever the order's type. Otherwise as V26.
CREATE OR REPLACE FUNCTION approval_batch_prepare(p_order_ids bigint[], p_principals text[], p_keys text[],
                                                  p_method_paths text[], p_request_hashes text[], p_owners integer[],
                                                  p_stale_seconds bigint, p_lock_space integer)
    RETURNS boolean[] LANGUAGE plpgsql AS $$
DECLARE
    claimed boolean[] := '{}';
    i integer;
BEGIN
    PERFORM set_config('teller.approval_path', 'on', true);
    PERFORM risk_lock_players_of(p_order_ids);
    PERFORM 1 FROM (SELECT id FROM orders WHERE id = ANY (p_order_ids) ORDER BY id FOR UPDATE) AS locked;
    FOR i IN 1 .. coalesce(cardinality(p_order_ids), 0) LOOP
        claimed := claimed || CASE WHEN p_keys[i] IS NULL THEN NULL::boolean
                                   ELSE idempotency_claim(p_principals[i], p_keys[i], p_method_paths[i],
                                                          p_request_hashes[i], p_owners[i], p_stale_seconds,
                                                          p_lock_space) END;
    END LOOP;
    RETURN claimed;
END $$;
