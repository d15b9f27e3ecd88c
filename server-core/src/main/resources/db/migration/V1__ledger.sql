-- Double-entry ledger. Entry amounts are signed: debit positive, credit negative.
-- Invariants enforced here (and re-checked by `verify`):
--   1. the entries of every transaction sum to zero (deferred constraint triggers);
--   2. balances equal the sum of entries (maintained only by the ledger_* functions below);
--   3. entries are never updated or deleted, finalized transactions never change;
--   4. a bounded account's available balance never goes below its bound (CHECK);
--   5. one idempotency key, one transaction (UNIQUE).

CREATE TABLE accounts (
    id            bigint GENERATED ALWAYS AS IDENTITY,
    code          text        NOT NULL,
    type          text        NOT NULL,
    currency      char(3)     NOT NULL,
    lower_bound   bigint,
    bucket_count  smallint    NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT accounts_pk PRIMARY KEY (id),
    CONSTRAINT accounts_code_uq UNIQUE (code),
    CONSTRAINT accounts_type_ck CHECK (type IN ('ASSET', 'LIABILITY', 'EQUITY', 'REVENUE', 'EXPENSE')),
    CONSTRAINT accounts_currency_ck CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT accounts_bucket_count_ck CHECK (bucket_count BETWEEN 1 AND 64),
    -- A bound is only exact on a single row, so bounded accounts are never split.
    CONSTRAINT accounts_bounded_single_bucket_ck CHECK (lower_bound IS NULL OR bucket_count = 1)
);

-- Balances live in buckets: hot house accounts (house:cash, game accounts) are split over
-- several rows so concurrent postings do not queue on one row lock. A bucket is chosen from the
-- transaction id. Player wallets have exactly one bucket and carry their bound on it.
CREATE TABLE account_balances (
    account_id       bigint   NOT NULL,
    bucket           smallint NOT NULL,
    posted           bigint   NOT NULL DEFAULT 0,
    pending_debits   bigint   NOT NULL DEFAULT 0,
    pending_credits  bigint   NOT NULL DEFAULT 0,
    normal_sign      smallint NOT NULL,
    lower_bound      bigint,
    CONSTRAINT account_balances_pk PRIMARY KEY (account_id, bucket),
    CONSTRAINT account_balances_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id),
    CONSTRAINT account_balances_normal_sign_ck CHECK (normal_sign IN (1, -1)),
    CONSTRAINT account_balances_pending_ck CHECK (pending_debits >= 0 AND pending_credits >= 0),
    -- Available = balance on the account's normal side minus pending amounts that reduce it.
    CONSTRAINT account_balances_available_ck CHECK (
        lower_bound IS NULL
        OR (CASE WHEN normal_sign = 1 THEN posted - pending_credits ELSE -posted - pending_debits END) >= lower_bound)
);

CREATE TABLE ledger_transactions (
    id               bigint GENERATED ALWAYS AS IDENTITY,
    idempotency_key  text        NOT NULL,
    kind             text        NOT NULL,
    order_id         bigint,
    status           text        NOT NULL,
    currency         char(3)     NOT NULL,
    reverses_id      bigint,
    created_at       timestamptz NOT NULL DEFAULT now(),
    finalized_at     timestamptz,
    metadata         jsonb       NOT NULL DEFAULT '{}'::jsonb,
    integrity_hash   text        NOT NULL,
    CONSTRAINT ledger_transactions_pk PRIMARY KEY (id),
    CONSTRAINT ledger_transactions_idempotency_key_uq UNIQUE (idempotency_key),
    CONSTRAINT ledger_transactions_status_ck CHECK (status IN ('PENDING', 'POSTED', 'VOIDED')),
    CONSTRAINT ledger_transactions_reverses_fk FOREIGN KEY (reverses_id) REFERENCES ledger_transactions (id),
    CONSTRAINT ledger_transactions_finalized_ck CHECK ((status = 'PENDING') = (finalized_at IS NULL))
);
CREATE INDEX ledger_transactions_order_ix ON ledger_transactions (order_id);

CREATE TABLE ledger_entries (
    id              bigint GENERATED ALWAYS AS IDENTITY,
    transaction_id  bigint   NOT NULL,
    account_id      bigint   NOT NULL,
    bucket          smallint NOT NULL,
    amount          bigint   NOT NULL,
    CONSTRAINT ledger_entries_pk PRIMARY KEY (id),
    CONSTRAINT ledger_entries_transaction_fk FOREIGN KEY (transaction_id) REFERENCES ledger_transactions (id),
    CONSTRAINT ledger_entries_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id),
    CONSTRAINT ledger_entries_amount_ck CHECK (amount <> 0)
);
CREATE INDEX ledger_entries_transaction_ix ON ledger_entries (transaction_id);
CREATE INDEX ledger_entries_account_ix ON ledger_entries (account_id, id);

-- Invariant 3: entries are immutable; transactions only move PENDING -> POSTED | VOIDED.
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'LEDGER_IMMUTABLE: % on % is not allowed; post a reversing transaction instead', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'raise_exception';
END $$;

CREATE TRIGGER ledger_entries_immutable BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_transactions_no_delete BEFORE DELETE ON ledger_transactions
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_transactions_no_truncate BEFORE TRUNCATE ON ledger_transactions
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

CREATE FUNCTION ledger_transactions_guard_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status <> 'PENDING' OR NEW.status NOT IN ('POSTED', 'VOIDED') OR NEW.finalized_at IS NULL
       OR NEW.id <> OLD.id OR NEW.idempotency_key <> OLD.idempotency_key OR NEW.kind <> OLD.kind
       OR NEW.order_id IS DISTINCT FROM OLD.order_id OR NEW.currency <> OLD.currency
       OR NEW.reverses_id IS DISTINCT FROM OLD.reverses_id OR NEW.created_at <> OLD.created_at
       OR NEW.metadata <> OLD.metadata OR NEW.integrity_hash <> OLD.integrity_hash THEN
        RAISE EXCEPTION 'LEDGER_IMMUTABLE: transaction % may only move from PENDING to POSTED or VOIDED (was %)',
            OLD.id, OLD.status;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER ledger_transactions_guard BEFORE UPDATE ON ledger_transactions
    FOR EACH ROW EXECUTE FUNCTION ledger_transactions_guard_update();

-- Invariant 1, checked at commit: every transaction has at least two entries, they sum to zero,
-- and they all sit on accounts of the transaction's currency.
CREATE FUNCTION ledger_assert_balanced(tx_id bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    total numeric;
    entry_count int;
    foreign_currency int;
BEGIN
    SELECT coalesce(sum(e.amount), 0), count(e.id), count(e.id) FILTER (WHERE a.currency <> t.currency)
      INTO total, entry_count, foreign_currency
      FROM ledger_transactions t
      LEFT JOIN ledger_entries e ON e.transaction_id = t.id
      LEFT JOIN accounts a ON a.id = e.account_id
     WHERE t.id = tx_id;
    IF total <> 0 OR entry_count < 2 THEN
        RAISE EXCEPTION 'LEDGER_UNBALANCED: transaction % has % entries summing to %', tx_id, entry_count, total;
    END IF;
    IF foreign_currency > 0 THEN
        RAISE EXCEPTION 'LEDGER_CURRENCY_MISMATCH: transaction % has entries on accounts of another currency', tx_id;
    END IF;
END $$;

CREATE FUNCTION ledger_entries_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM ledger_assert_balanced(NEW.transaction_id);
    RETURN NULL;
END $$;

CREATE FUNCTION ledger_transactions_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM ledger_assert_balanced(NEW.id);
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_entries_check_balanced();
CREATE CONSTRAINT TRIGGER ledger_transactions_balanced AFTER INSERT ON ledger_transactions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_transactions_check_balanced();

-- The canonical text an integrity hash covers; `verify` rebuilds it from the stored entries.
CREATE FUNCTION ledger_integrity_hash(p_key text, p_kind text, p_order_id bigint, p_currency text,
                                      p_accounts bigint[], p_amounts bigint[]) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(
        p_key || '|' || p_kind || '|' || coalesce(p_order_id::text, '') || '|' || p_currency || '|' ||
        (SELECT string_agg(a::text || ':' || m::text, ',' ORDER BY a, m)
           FROM unnest(p_accounts, p_amounts) AS x(a, m)), 'UTF8')), 'hex')
$$;

-- Opens an account (idempotent on code) with its balance buckets; returns its id.
CREATE FUNCTION ledger_open_account(p_code text, p_type text, p_currency text, p_lower_bound bigint,
                                    p_bucket_count int) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    account_id bigint;
BEGIN
    INSERT INTO accounts (code, type, currency, lower_bound, bucket_count)
    VALUES (p_code, p_type, p_currency, p_lower_bound, p_bucket_count)
    ON CONFLICT (code) DO NOTHING
    RETURNING id INTO account_id;
    IF account_id IS NULL THEN
        SELECT id INTO account_id FROM accounts WHERE code = p_code;
        RETURN account_id;
    END IF;
    INSERT INTO account_balances (account_id, bucket, normal_sign, lower_bound)
    SELECT account_id, b, CASE WHEN p_type IN ('ASSET', 'EXPENSE') THEN 1 ELSE -1 END, p_lower_bound
      FROM generate_series(0, p_bucket_count - 1) AS b;
    RETURN account_id;
END $$;

-- Applies entry amounts to balance rows in (account, bucket) order so concurrent postings lock
-- rows in one global order and cannot deadlock each other.
--   p_mode 'POST'    posted entries: posted += amount
--   p_mode 'HOLD'    new pending entries: pending_debits / pending_credits grow
--   p_mode 'COMMIT'  pending entries become posted
--   p_mode 'RELEASE' pending entries are voided
CREATE FUNCTION ledger_apply(p_accounts bigint[], p_buckets smallint[], p_amounts bigint[], p_mode text)
    RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT a, b, sum(m) FILTER (WHERE m > 0) AS debits, -sum(m) FILTER (WHERE m < 0) AS credits, sum(m) AS net
               FROM unnest(p_accounts, p_buckets, p_amounts) AS x(a, b, m)
              GROUP BY a, b ORDER BY a, b LOOP
        IF p_mode = 'POST' THEN
            UPDATE account_balances SET posted = posted + r.net
             WHERE account_id = r.a AND bucket = r.b;
        ELSIF p_mode = 'HOLD' THEN
            UPDATE account_balances
               SET pending_debits = pending_debits + coalesce(r.debits, 0),
                   pending_credits = pending_credits + coalesce(r.credits, 0)
             WHERE account_id = r.a AND bucket = r.b;
        ELSIF p_mode = 'COMMIT' THEN
            UPDATE account_balances
               SET pending_debits = pending_debits - coalesce(r.debits, 0),
                   pending_credits = pending_credits - coalesce(r.credits, 0),
                   posted = posted + r.net
             WHERE account_id = r.a AND bucket = r.b;
        ELSIF p_mode = 'RELEASE' THEN
            UPDATE account_balances
               SET pending_debits = pending_debits - coalesce(r.debits, 0),
                   pending_credits = pending_credits - coalesce(r.credits, 0)
             WHERE account_id = r.a AND bucket = r.b;
        ELSE
            RAISE EXCEPTION 'ledger_apply: unknown mode %', p_mode;
        END IF;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'LEDGER_NO_BALANCE_ROW: account % bucket %', r.a, r.b;
        END IF;
    END LOOP;
END $$;

-- Records a transfer's transaction row and entries without touching balances. Idempotent on
-- p_key: a second call with the same key returns the first transaction (created = false)
-- provided it describes the same transfer, and raises otherwise. The bucket of a split account
-- is p_bucket_hint (or the transaction id) modulo its bucket count; it is stored on the entry.
CREATE FUNCTION ledger_record(p_key text, p_kind text, p_order_id bigint, p_currency text,
                              p_accounts bigint[], p_amounts bigint[], p_pending boolean,
                              p_metadata jsonb, p_reverses_id bigint, p_bucket_hint bigint)
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
    INSERT INTO ledger_transactions (idempotency_key, kind, order_id, status, currency, reverses_id,
                                     finalized_at, metadata, integrity_hash)
    VALUES (p_key, p_kind, p_order_id, CASE WHEN p_pending THEN 'PENDING' ELSE 'POSTED' END, p_currency,
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

-- Records a transfer and applies it to balances (posted at once, or held when p_pending).
CREATE FUNCTION ledger_transfer(p_key text, p_kind text, p_order_id bigint, p_currency text,
                                p_accounts bigint[], p_amounts bigint[], p_pending boolean,
                                p_metadata jsonb, p_reverses_id bigint)
    RETURNS TABLE (transaction_id bigint, created boolean) LANGUAGE plpgsql AS $$
DECLARE
    rec record;
BEGIN
    SELECT * INTO rec FROM ledger_record(p_key, p_kind, p_order_id, p_currency, p_accounts, p_amounts, p_pending,
                                         p_metadata, p_reverses_id, NULL);
    IF rec.created THEN
        PERFORM ledger_apply(p_accounts, rec.buckets, p_amounts, CASE WHEN p_pending THEN 'HOLD' ELSE 'POST' END);
    END IF;
    RETURN QUERY SELECT rec.transaction_id, rec.created;
END $$;

-- Posts (p_commit) or voids a pending transaction. Idempotent: finalizing again the same way
-- returns the current status; the opposite way raises.
CREATE FUNCTION ledger_finalize(p_transaction_id bigint, p_commit boolean) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    current_status text;
    wanted text := CASE WHEN p_commit THEN 'POSTED' ELSE 'VOIDED' END;
    accounts_ bigint[];
    buckets_ smallint[];
    amounts_ bigint[];
BEGIN
    SELECT status INTO current_status FROM ledger_transactions WHERE id = p_transaction_id FOR UPDATE;
    IF current_status IS NULL THEN
        RAISE EXCEPTION 'LEDGER_UNKNOWN_TRANSACTION: %', p_transaction_id;
    ELSIF current_status = wanted THEN
        RETURN current_status;
    ELSIF current_status <> 'PENDING' THEN
        RAISE EXCEPTION 'LEDGER_ALREADY_FINALIZED: transaction % is %', p_transaction_id, current_status;
    END IF;
    SELECT array_agg(account_id), array_agg(bucket), array_agg(amount)
      INTO accounts_, buckets_, amounts_
      FROM ledger_entries WHERE transaction_id = p_transaction_id;
    PERFORM ledger_apply(accounts_, buckets_, amounts_, CASE WHEN p_commit THEN 'COMMIT' ELSE 'RELEASE' END);
    UPDATE ledger_transactions SET status = wanted, finalized_at = now() WHERE id = p_transaction_id;
    RETURN wanted;
END $$;

-- Accounts seen whole: buckets summed.
CREATE VIEW account_totals AS
SELECT a.id, a.code, a.type, a.currency, a.lower_bound, a.bucket_count, a.created_at,
       sum(b.posted)::bigint AS posted,
       sum(b.pending_debits)::bigint AS pending_debits,
       sum(b.pending_credits)::bigint AS pending_credits,
       min(b.normal_sign)::smallint AS normal_sign
  FROM accounts a JOIN account_balances b ON b.account_id = a.id
 GROUP BY a.id;
