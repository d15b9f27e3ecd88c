-- Fraud flags (decisions 0033-0035).
--
-- A rule that trips on an order raises one flag with its evidence and points. The same condition
-- (rule + dedupe_key, e.g. "order:42" or "player:p1:hour:493827") raises at most one flag ever, so
-- intake and the rescoring worker, on any number of replicas, can evaluate the same order as often
-- as they like: the unique index turns every repeat into a no-op. A flag moves OPEN -> RESOLVED once,
-- by a supervisor, with a resolution and a note; nothing else about it ever changes.
CREATE TABLE fraud_flags (
    id           bigint GENERATED ALWAYS AS IDENTITY,
    player_id    text        NOT NULL,
    order_id     bigint,
    rule         text        NOT NULL,
    dedupe_key   text        NOT NULL,
    evidence     jsonb       NOT NULL,
    points       integer     NOT NULL,
    status       text        NOT NULL DEFAULT 'OPEN',
    resolution   text,
    note         text,
    resolved_by  text,
    resolved_at  timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT fraud_flags_pk PRIMARY KEY (id),
    CONSTRAINT fraud_flags_player_fk FOREIGN KEY (player_id) REFERENCES players (id),
    CONSTRAINT fraud_flags_order_fk FOREIGN KEY (order_id) REFERENCES orders (id),
    CONSTRAINT fraud_flags_rule_ck CHECK (rule IN ('VELOCITY', 'RAPID_WITHDRAWAL', 'WINNING_STREAK', 'DUPLICATE_PROOF',
                                                   'AMOUNT_ANOMALY')),
    CONSTRAINT fraud_flags_points_ck CHECK (points BETWEEN 1 AND 100),
    CONSTRAINT fraud_flags_evidence_ck CHECK (jsonb_typeof(evidence) = 'object'),
    CONSTRAINT fraud_flags_status_ck CHECK (status IN ('OPEN', 'RESOLVED')),
    CONSTRAINT fraud_flags_resolution_ck CHECK (resolution IS NULL
        OR resolution IN ('CONFIRMED_FRAUD', 'FALSE_POSITIVE', 'ACCEPTED_RISK')),
    CONSTRAINT fraud_flags_resolved_ck CHECK (
        status = 'OPEN' AND resolution IS NULL AND note IS NULL AND resolved_by IS NULL AND resolved_at IS NULL
        OR status = 'RESOLVED' AND resolution IS NOT NULL AND length(btrim(note)) > 0 AND resolved_by IS NOT NULL
           AND resolved_at IS NOT NULL)
);
CREATE UNIQUE INDEX fraud_flags_condition_uq ON fraud_flags (rule, dedupe_key);
CREATE INDEX fraud_flags_status_ix ON fraud_flags (status, id);
CREATE INDEX fraud_flags_player_open_ix ON fraud_flags (player_id) WHERE status = 'OPEN';
CREATE INDEX fraud_flags_order_ix ON fraud_flags (order_id) WHERE order_id IS NOT NULL;

CREATE FUNCTION fraud_flags_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'FRAUD_FLAG_IMMUTABLE: fraud flags are never deleted (flag %)', OLD.id;
    END IF;
    IF OLD.status <> 'OPEN' OR NEW.status <> 'RESOLVED'
       OR (NEW.player_id, NEW.order_id, NEW.rule, NEW.dedupe_key, NEW.evidence, NEW.points, NEW.created_at)
          IS DISTINCT FROM (OLD.player_id, OLD.order_id, OLD.rule, OLD.dedupe_key, OLD.evidence, OLD.points, OLD.created_at) THEN
        RAISE EXCEPTION 'FRAUD_FLAG_IMMUTABLE: flag % may only be resolved once, and nothing else changes', OLD.id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER fraud_flags_guard BEFORE UPDATE OR DELETE ON fraud_flags
    FOR EACH ROW EXECUTE FUNCTION fraud_flags_guard();

-- When each pending order was last evaluated, so the rescoring worker visits the least recently
-- evaluated first. Bookkeeping only: losing it costs a re-evaluation, which raises nothing twice.
CREATE TABLE fraud_evaluations (
    order_id      bigint      NOT NULL,
    evaluated_at  timestamptz NOT NULL,
    CONSTRAINT fraud_evaluations_pk PRIMARY KEY (order_id),
    CONSTRAINT fraud_evaluations_order_fk FOREIGN KEY (order_id) REFERENCES orders (id)
);

-- DUPLICATE_PROOF looks orders up by their proof's hash.
CREATE INDEX orders_proof_sha256_ix ON orders (proof_sha256) WHERE proof_sha256 IS NOT NULL;
