CREATE TABLE operators (
    id             bigint GENERATED ALWAYS AS IDENTITY,
    username       text        NOT NULL,
    password_hash  text        NOT NULL,
    roles          text[]      NOT NULL,
    active         boolean     NOT NULL DEFAULT true,
    failed_logins  integer     NOT NULL DEFAULT 0,
    locked_until   timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT operators_pk PRIMARY KEY (id),
    CONSTRAINT operators_username_uq UNIQUE (username),
    CONSTRAINT operators_username_ck CHECK (username ~ '^[a-z0-9_.-]{2,64}$'),
    CONSTRAINT operators_roles_ck CHECK (cardinality(roles) > 0
        AND roles <@ ARRAY['VIEWER', 'APPROVER', 'SUPERVISOR', 'ADMIN', 'AUDITOR']::text[])
);

-- Bearer tokens are stored as SHA-256 hashes only.
CREATE TABLE sessions (
    token_hash    text        NOT NULL,
    operator_id   bigint      NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    origin        text,
    CONSTRAINT sessions_pk PRIMARY KEY (token_hash),
    CONSTRAINT sessions_operator_fk FOREIGN KEY (operator_id) REFERENCES operators (id)
);
CREATE INDEX sessions_operator_ix ON sessions (operator_id);

-- Append-only audit trail. Each row carries the SHA-256 of its own content (set on insert);
-- a sealer then chains rows in commit order: chain_hash = sha256(previous chain_hash || row_hash).
-- Sealing after commit keeps concurrent writers from queueing on the chain's tail.
CREATE TABLE audit_log (
    id             bigint GENERATED ALWAYS AS IDENTITY,
    at             timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor_type     text        NOT NULL,
    actor_id       text,
    action         text        NOT NULL,
    resource_type  text,
    resource_id    text,
    origin         text,
    outcome        text        NOT NULL,
    details        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    row_hash       text        NOT NULL,
    chain_seq      bigint,
    chain_hash     text,
    CONSTRAINT audit_log_pk PRIMARY KEY (id),
    CONSTRAINT audit_log_chain_seq_uq UNIQUE (chain_seq),
    CONSTRAINT audit_log_outcome_ck CHECK (outcome IN ('SUCCESS', 'FAILURE', 'DENIED')),
    CONSTRAINT audit_log_actor_type_ck CHECK (actor_type IN ('OPERATOR', 'INTEGRATION', 'TELEGRAM_BOT', 'SYSTEM', 'ANONYMOUS'))
);
CREATE INDEX audit_log_unsealed_ix ON audit_log (id) WHERE chain_seq IS NULL;
CREATE INDEX audit_log_resource_ix ON audit_log (resource_type, resource_id, id);

CREATE FUNCTION audit_row_hash(a audit_log) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(concat_ws('|',
        a.id::text, (extract(epoch FROM a.at) * 1000000)::bigint::text, a.actor_type, coalesce(a.actor_id, ''),
        a.action, coalesce(a.resource_type, ''), coalesce(a.resource_id, ''), coalesce(a.origin, ''), a.outcome,
        a.details::text), 'UTF8')), 'hex')
$$;

CREATE FUNCTION audit_log_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.chain_seq := NULL;
    NEW.chain_hash := NULL;
    NEW.row_hash := audit_row_hash(NEW);
    RETURN NEW;
END $$;
CREATE TRIGGER audit_log_hash BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_before_insert();

-- Only sealing may touch a row: it sets chain_seq and chain_hash once, nothing else changes.
CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.chain_seq IS NULL AND NEW.chain_seq IS NOT NULL AND NEW.chain_hash IS NOT NULL
       AND (NEW.id, NEW.at, NEW.actor_type, NEW.actor_id, NEW.action, NEW.resource_type, NEW.resource_id,
            NEW.origin, NEW.outcome, NEW.details, NEW.row_hash)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.at, OLD.actor_type, OLD.actor_id, OLD.action, OLD.resource_type, OLD.resource_id,
            OLD.origin, OLD.outcome, OLD.details, OLD.row_hash) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'AUDIT_APPEND_ONLY: % on audit_log is not allowed', TG_OP;
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard();

-- Chains up to p_limit unsealed rows; one sealer at a time across all replicas.
CREATE FUNCTION audit_seal(p_limit integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    seq bigint;
    prev text;
    r record;
    sealed integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('teller.audit_seal'));
    SELECT chain_seq, chain_hash INTO seq, prev FROM audit_log WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1;
    seq := coalesce(seq, 0);
    prev := coalesce(prev, repeat('0', 64));
    FOR r IN SELECT id, row_hash FROM audit_log WHERE chain_seq IS NULL ORDER BY id LIMIT p_limit LOOP
        seq := seq + 1;
        prev := encode(sha256(convert_to(prev || r.row_hash, 'UTF8')), 'hex');
        UPDATE audit_log SET chain_seq = seq, chain_hash = prev WHERE id = r.id;
        sealed := sealed + 1;
    END LOOP;
    RETURN sealed;
END $$;

-- Events written in the same transaction as the change they describe; delivered by workers.
CREATE TABLE outbox_events (
    id              bigint GENERATED ALWAYS AS IDENTITY,
    created_at      timestamptz NOT NULL DEFAULT now(),
    event_type      text        NOT NULL,
    aggregate_type  text        NOT NULL,
    aggregate_id    text        NOT NULL,
    payload         jsonb       NOT NULL,
    published_at    timestamptz,
    attempts        integer     NOT NULL DEFAULT 0,
    CONSTRAINT outbox_events_pk PRIMARY KEY (id)
);
CREATE INDEX outbox_events_unpublished_ix ON outbox_events (id) WHERE published_at IS NULL;

-- Responses to writes sent with an Idempotency-Key, per principal.
CREATE TABLE idempotency_records (
    principal      text        NOT NULL,
    key            text        NOT NULL,
    method_path    text        NOT NULL,
    request_hash   text        NOT NULL,
    status_code    integer,
    response_body  text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    completed_at   timestamptz,
    CONSTRAINT idempotency_records_pk PRIMARY KEY (principal, key)
);
