CREATE TABLE players (
    id                 text        NOT NULL,
    username           text        NOT NULL,
    currency           char(3)     NOT NULL,
    status             text        NOT NULL DEFAULT 'ACTIVE',
    kyc_status         text        NOT NULL DEFAULT 'NONE',
    exclusion_type     text,
    exclusion_until    timestamptz,
    referrer_id        text,
    wallet_account_id  bigint      NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT players_pk PRIMARY KEY (id),
    CONSTRAINT players_username_uq UNIQUE (username),
    CONSTRAINT players_wallet_uq UNIQUE (wallet_account_id),
    CONSTRAINT players_wallet_fk FOREIGN KEY (wallet_account_id) REFERENCES accounts (id),
    CONSTRAINT players_referrer_fk FOREIGN KEY (referrer_id) REFERENCES players (id),
    CONSTRAINT players_status_ck CHECK (status IN ('ACTIVE', 'SUSPENDED', 'SELF_EXCLUDED')),
    CONSTRAINT players_kyc_status_ck CHECK (kyc_status IN ('NONE', 'PENDING', 'VERIFIED', 'REJECTED')),
    CONSTRAINT players_exclusion_type_ck CHECK (exclusion_type IS NULL OR exclusion_type IN ('TEMPORARY', 'EXTENDED', 'PERMANENT')),
    CONSTRAINT players_id_ck CHECK (id ~ '^[A-Za-z0-9_.-]{1,64}$')
);

CREATE TABLE orders (
    id                      bigint GENERATED ALWAYS AS IDENTITY,
    type                    text        NOT NULL,
    status                  text        NOT NULL DEFAULT 'PENDING_REVIEW',
    player_id               text        NOT NULL,
    amount                  bigint      NOT NULL,
    currency                char(3)     NOT NULL,
    game_name               text,
    payment_method          text,
    source_channel          text        NOT NULL,
    conversation_id         text,
    idempotency_key         text        NOT NULL,
    request_hash            text        NOT NULL,
    proof_sha256            text,
    created_by_type         text        NOT NULL,
    created_by_id           text,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    approved_by_type        text,
    approved_by_id          text,
    approved_at             timestamptz,
    approval_note           text,
    execution_attempts      integer     NOT NULL DEFAULT 0,
    execution_lease_until   timestamptz,
    executed_at             timestamptz,
    execution_error         text,
    execution_result        jsonb,
    rejected_by_type        text,
    rejected_by_id          text,
    rejected_at             timestamptz,
    rejection_reason        text,
    voided_by_id            text,
    voided_at               timestamptz,
    void_reason             text,
    hold_transaction_id     bigint,
    posting_transaction_id  bigint,
    reversal_transaction_id bigint,
    CONSTRAINT orders_pk PRIMARY KEY (id),
    CONSTRAINT orders_idempotency_key_uq UNIQUE (idempotency_key),
    CONSTRAINT orders_player_fk FOREIGN KEY (player_id) REFERENCES players (id),
    CONSTRAINT orders_hold_fk FOREIGN KEY (hold_transaction_id) REFERENCES ledger_transactions (id),
    CONSTRAINT orders_posting_fk FOREIGN KEY (posting_transaction_id) REFERENCES ledger_transactions (id),
    CONSTRAINT orders_reversal_fk FOREIGN KEY (reversal_transaction_id) REFERENCES ledger_transactions (id),
    CONSTRAINT orders_type_ck CHECK (type IN ('DEPOSIT', 'GAME_LOAD', 'WITHDRAWAL')),
    CONSTRAINT orders_status_ck CHECK (status IN ('PENDING_REVIEW', 'EXECUTING', 'REJECTED', 'APPROVED_EXECUTED',
                                                  'APPROVED_FAILED', 'VOIDED')),
    CONSTRAINT orders_amount_ck CHECK (amount > 0),
    CONSTRAINT orders_currency_ck CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT orders_game_required_ck CHECK (type <> 'GAME_LOAD' OR game_name IS NOT NULL),
    CONSTRAINT orders_source_channel_ck CHECK (source_channel IN ('PORTAL', 'CHAT', 'API', 'CONSOLE', 'WEBHOOK')),
    CONSTRAINT orders_created_by_type_ck CHECK (created_by_type IN ('OPERATOR', 'INTEGRATION', 'SYSTEM')),
    CONSTRAINT orders_approved_by_type_ck CHECK (approved_by_type IS NULL OR approved_by_type IN ('OPERATOR', 'TELEGRAM_BOT', 'SYSTEM')),
    CONSTRAINT orders_proof_sha256_ck CHECK (proof_sha256 IS NULL OR proof_sha256 ~ '^[0-9a-f]{64}$'),
    CONSTRAINT orders_attempts_ck CHECK (execution_attempts >= 0),
    CONSTRAINT orders_rejection_reason_ck CHECK (status <> 'REJECTED' OR length(btrim(rejection_reason)) > 0),
    CONSTRAINT orders_void_reason_ck CHECK (status <> 'VOIDED' OR length(btrim(void_reason)) > 0)
);
ALTER TABLE ledger_transactions ADD CONSTRAINT ledger_transactions_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);
CREATE INDEX orders_status_id_ix ON orders (status, id);
CREATE INDEX orders_player_id_ix ON orders (player_id, id);
CREATE INDEX orders_executing_ix ON orders (execution_lease_until) WHERE status = 'EXECUTING';

CREATE TABLE order_history (
    id           bigint GENERATED ALWAYS AS IDENTITY,
    order_id     bigint      NOT NULL,
    at           timestamptz NOT NULL DEFAULT now(),
    from_status  text,
    to_status    text        NOT NULL,
    actor_type   text        NOT NULL,
    actor_id     text,
    note         text,
    CONSTRAINT order_history_pk PRIMARY KEY (id),
    CONSTRAINT order_history_order_fk FOREIGN KEY (order_id) REFERENCES orders (id)
);
CREATE INDEX order_history_order_ix ON order_history (order_id, id);

-- The single approval path, enforced by the database: only a transaction that declared itself
-- the approval service (set_config('teller.approval_path', 'on', true)) may change an order's
-- status, only along the state machine, and orders are created PENDING_REVIEW and never deleted.
CREATE FUNCTION orders_guard_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'ORDER_IMMUTABLE: orders are never deleted (order %)', OLD.id;
    ELSIF TG_OP = 'INSERT' THEN
        IF NEW.status <> 'PENDING_REVIEW' THEN
            RAISE EXCEPTION 'ORDER_STATUS_GUARD: a new order starts PENDING_REVIEW, not %', NEW.status;
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        IF coalesce(current_setting('teller.approval_path', true), '') <> 'on' THEN
            RAISE EXCEPTION 'ORDER_STATUS_GUARD: orders.status is written only by the approval service (order %)', OLD.id;
        END IF;
        IF (OLD.status, NEW.status) NOT IN (
               ('PENDING_REVIEW', 'REJECTED'), ('PENDING_REVIEW', 'EXECUTING'), ('PENDING_REVIEW', 'APPROVED_EXECUTED'),
               ('EXECUTING', 'APPROVED_EXECUTED'), ('EXECUTING', 'APPROVED_FAILED'),
               ('APPROVED_FAILED', 'EXECUTING'), ('APPROVED_EXECUTED', 'VOIDED')) THEN
            RAISE EXCEPTION 'ORDER_ILLEGAL_TRANSITION: order % cannot move from % to %', OLD.id, OLD.status, NEW.status;
        END IF;
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
END $$;
CREATE TRIGGER orders_status_guard BEFORE INSERT OR UPDATE OR DELETE ON orders
    FOR EACH ROW EXECUTE FUNCTION orders_guard_status();
