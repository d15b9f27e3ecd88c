-- Telegram: proof forwarding through the Bot API and approvals from its inline buttons.

-- A forward is claimed by one server process at a time: lease_token fences the writes of the
-- process that claimed it, lease_until lets another process take it over once the claimant died.
-- Where it was delivered is kept as the chat id and message id (message_ref keeps "chat:message").
ALTER TABLE proof_forwards
    ADD COLUMN lease_token text,
    ADD COLUMN lease_until timestamptz,
    ADD COLUMN chat_id     text,
    ADD COLUMN message_id  bigint,
    ADD COLUMN sent_at     timestamptz;

-- The forwarding worker's claim: due QUEUED and RETRYING forwards, oldest due first.
CREATE INDEX proof_forwards_due_ix ON proof_forwards (next_attempt_at NULLS FIRST, id)
    WHERE status IN ('QUEUED', 'RETRYING');

-- Every Telegram update the webhook accepted, once (Telegram redelivers until it gets a 200).
-- A redelivered update finds its row and is answered as the first delivery was.
CREATE TABLE telegram_updates (
    id                bigint GENERATED ALWAYS AS IDENTITY,
    update_id         bigint      NOT NULL,
    telegram_user_id  bigint,
    action            text,
    order_id          bigint,
    outcome           text        NOT NULL DEFAULT 'PROCESSING',
    answer            text,
    received_at       timestamptz NOT NULL DEFAULT now(),
    decided_at        timestamptz,
    CONSTRAINT telegram_updates_pk PRIMARY KEY (id),
    CONSTRAINT telegram_updates_update_uq UNIQUE (update_id),
    CONSTRAINT telegram_updates_action_ck CHECK (action IS NULL OR action IN ('approve', 'reject')),
    CONSTRAINT telegram_updates_outcome_ck CHECK (outcome IN ('PROCESSING', 'DECIDED', 'REFUSED', 'IGNORED'))
);
