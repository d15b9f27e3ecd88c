-- Risk (limits, compliance) and payment-proof intake.
--
-- Proofs: the database keeps only the SHA-256 of an image and where the spooled file is; the
-- image itself lives in the server's spool directory until it is forwarded or expires. There is
-- deliberately no bytea or base64 column here (a test scans the schema and a populated database).

-- One forward of one order's payment proof to the operators' chat channel.
CREATE TABLE proof_forwards (
    id               bigint GENERATED ALWAYS AS IDENTITY,
    order_id         bigint      NOT NULL,
    proof_sha256     text        NOT NULL,
    media_type       text        NOT NULL,
    size_bytes       bigint      NOT NULL,
    width_pixels     integer     NOT NULL,
    height_pixels    integer     NOT NULL,
    spool_name       text,
    status           text        NOT NULL DEFAULT 'QUEUED',
    attempts         integer     NOT NULL DEFAULT 0,
    last_error       text,
    next_attempt_at  timestamptz,
    message_ref      text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    CONSTRAINT proof_forwards_pk PRIMARY KEY (id),
    CONSTRAINT proof_forwards_order_uq UNIQUE (order_id),
    CONSTRAINT proof_forwards_order_fk FOREIGN KEY (order_id) REFERENCES orders (id),
    CONSTRAINT proof_forwards_sha256_ck CHECK (proof_sha256 ~ '^[0-9a-f]{64}$'),
    CONSTRAINT proof_forwards_media_type_ck CHECK (media_type IN ('image/png', 'image/jpeg', 'image/webp')),
    CONSTRAINT proof_forwards_size_ck CHECK (size_bytes > 0),
    CONSTRAINT proof_forwards_pixels_ck CHECK (width_pixels > 0 AND height_pixels > 0),
    -- A spool file name is a generated token, never content: hash, random part, extension.
    CONSTRAINT proof_forwards_spool_name_ck CHECK (spool_name IS NULL OR spool_name ~ '^[0-9a-f]{64}-[0-9a-f]{32}\.(png|jpg|webp)$'),
    CONSTRAINT proof_forwards_status_ck CHECK (status IN ('QUEUED', 'SENT', 'RETRYING', 'FAILED', 'EXPIRED')),
    CONSTRAINT proof_forwards_attempts_ck CHECK (attempts >= 0)
);
CREATE INDEX proof_forwards_status_ix ON proof_forwards (status, id);
CREATE INDEX proof_forwards_sha256_ix ON proof_forwards (proof_sha256);
CREATE INDEX proof_forwards_expiry_ix ON proof_forwards (expires_at) WHERE status IN ('QUEUED', 'RETRYING', 'FAILED');

-- Per-player limit overrides set by a supervisor; absent rule = the environment default.
CREATE TABLE player_limits (
    player_id   text        NOT NULL,
    rule        text        NOT NULL,
    value       bigint      NOT NULL,
    updated_by  text,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT player_limits_pk PRIMARY KEY (player_id, rule),
    CONSTRAINT player_limits_player_fk FOREIGN KEY (player_id) REFERENCES players (id),
    CONSTRAINT player_limits_rule_ck CHECK (rule IN ('DAILY_DEPOSIT_LIMIT', 'DAILY_LOSS_LIMIT', 'WEEKLY_LOSS_LIMIT',
                                                     'MONTHLY_LOSS_LIMIT', 'MAX_BET_AMOUNT', 'MAX_PAYOUT_AMOUNT',
                                                     'WITHDRAWAL_COOLDOWN_SECONDS')),
    CONSTRAINT player_limits_value_ck CHECK (value >= 0)
);

-- The result of every limit check of an order, at intake and at each approval attempt; append-only.
CREATE TABLE order_limit_checks (
    id             bigint GENERATED ALWAYS AS IDENTITY,
    order_id       bigint      NOT NULL,
    phase          text        NOT NULL,
    rule           text        NOT NULL,
    limit_value    bigint,
    current_value  bigint,
    outcome        text        NOT NULL,
    checked_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT order_limit_checks_pk PRIMARY KEY (id),
    CONSTRAINT order_limit_checks_order_fk FOREIGN KEY (order_id) REFERENCES orders (id),
    CONSTRAINT order_limit_checks_phase_ck CHECK (phase IN ('INTAKE', 'APPROVAL')),
    CONSTRAINT order_limit_checks_outcome_ck CHECK (outcome IN ('PASS', 'FAIL', 'NO_LIMIT'))
);
CREATE INDEX order_limit_checks_order_ix ON order_limit_checks (order_id, id);

CREATE FUNCTION order_limit_checks_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'LIMIT_CHECKS_APPEND_ONLY: % on order_limit_checks is not allowed', TG_OP;
END $$;
CREATE TRIGGER order_limit_checks_append_only BEFORE UPDATE OR DELETE ON order_limit_checks
    FOR EACH ROW EXECUTE FUNCTION order_limit_checks_guard();

-- Limits sum a player's approved orders over rolling windows.
CREATE INDEX orders_player_approved_ix ON orders (player_id, type, approved_at)
    WHERE status IN ('EXECUTING', 'APPROVED_EXECUTED');

-- Self-exclusion: PERMANENT has no end, TEMPORARY and EXTENDED must have one.
ALTER TABLE players ADD CONSTRAINT players_exclusion_until_ck CHECK (
    exclusion_type IS NULL AND exclusion_until IS NULL
    OR exclusion_type = 'PERMANENT' AND exclusion_until IS NULL
    OR exclusion_type IN ('TEMPORARY', 'EXTENDED') AND exclusion_until IS NOT NULL);
ALTER TABLE players ADD COLUMN exclusion_set_at timestamptz;
