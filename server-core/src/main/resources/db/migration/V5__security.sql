-- Security (issue: operators, roles, maker-checker, hardening). One migration for all of it.

-- Maker-checker: an order at or above its currency's threshold needs two approvals by different
-- operators. The first approval is kept here (the order stays PENDING_REVIEW); the second is the
-- order's approved_by. Rows are never updated or deleted.
CREATE TABLE order_approvals (
    order_id       bigint      NOT NULL,
    approver_type  text        NOT NULL,
    approver_id    text        NOT NULL,
    approved_at    timestamptz NOT NULL DEFAULT now(),
    note           text,
    CONSTRAINT order_approvals_pk PRIMARY KEY (order_id, approver_type, approver_id),
    CONSTRAINT order_approvals_order_fk FOREIGN KEY (order_id) REFERENCES orders (id)
);

-- Orders of this currency with amount >= amount_min (minor units) need two approvers.
CREATE TABLE dual_approval_thresholds (
    currency    text        NOT NULL,
    amount_min  bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text,
    CONSTRAINT dual_approval_thresholds_pk PRIMARY KEY (currency),
    CONSTRAINT dual_approval_thresholds_currency_ck CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT dual_approval_thresholds_amount_ck CHECK (amount_min > 0)
);

-- The largest order amount (minor units) an operator may approve in a currency; no row = no cap.
CREATE TABLE operator_approval_caps (
    operator_id  bigint      NOT NULL,
    currency     text        NOT NULL,
    amount_max   bigint      NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    updated_by   text,
    CONSTRAINT operator_approval_caps_pk PRIMARY KEY (operator_id, currency),
    CONSTRAINT operator_approval_caps_operator_fk FOREIGN KEY (operator_id) REFERENCES operators (id),
    CONSTRAINT operator_approval_caps_currency_ck CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT operator_approval_caps_amount_ck CHECK (amount_max >= 0)
);

-- The audit viewer filters by actor and by action, newest first.
CREATE INDEX audit_log_actor_ix ON audit_log (actor_id, id);
CREATE INDEX audit_log_action_ix ON audit_log (action, id);

-- API tokens of integrations (portal, chat bot, Telegram, payment providers). The secret is shown
-- once and stored only as its SHA-256; revoked tokens are kept for the audit trail.
CREATE TABLE api_tokens (
    id            bigint GENERATED ALWAYS AS IDENTITY,
    name          text        NOT NULL,
    token_hash    text        NOT NULL,
    scopes        text[]      NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    created_by    text,
    revoked_at    timestamptz,
    last_used_at  timestamptz,
    CONSTRAINT api_tokens_pk PRIMARY KEY (id),
    CONSTRAINT api_tokens_name_uq UNIQUE (name),
    CONSTRAINT api_tokens_token_hash_uq UNIQUE (token_hash),
    CONSTRAINT api_tokens_name_ck CHECK (name ~ '^[a-z0-9_.-]{2,64}$'),
    CONSTRAINT api_tokens_scopes_ck CHECK (cardinality(scopes) > 0)
);
