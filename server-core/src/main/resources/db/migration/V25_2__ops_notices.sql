-- Operations notices to the operators' Telegram chat (issue 17, decision 0121).
-- The outbox relay queues one notice per outbox event worth telling (unique on the event), in the
-- relay's transaction; the ops-notices worker sends them. A notice is marked SENDING, committed,
-- before its one Bot API call, so a crash during the call never sends it twice (at most once);
-- Telegram's own refusals and timeouts return it to QUEUED until its attempts run out (FAILED).
-- Beyond the per-minute cap, the notices due are summarised in one message and marked SUMMARIZED.
CREATE TABLE ops_notices (
    id               bigint GENERATED ALWAYS AS IDENTITY,
    event_id         bigint      NOT NULL,
    kind             text        NOT NULL,
    text             text        NOT NULL,
    status           text        NOT NULL DEFAULT 'QUEUED',
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz,
    CONSTRAINT ops_notices_pk PRIMARY KEY (id),
    CONSTRAINT ops_notices_event_uq UNIQUE (event_id),
    CONSTRAINT ops_notices_status_ck CHECK (status IN ('QUEUED', 'SENDING', 'SENT', 'FAILED', 'SUMMARIZED'))
);
CREATE INDEX ops_notices_due_ix ON ops_notices (next_attempt_at, id) WHERE status = 'QUEUED';
CREATE INDEX ops_notices_sent_ix ON ops_notices (sent_at) WHERE sent_at IS NOT NULL;

-- The dashboard alerts as last announced, so an alert turning on or off is announced once.
CREATE TABLE alert_states (
    name        text        NOT NULL,
    active      boolean     NOT NULL,
    changed_at  timestamptz NOT NULL,
    CONSTRAINT alert_states_pk PRIMARY KEY (name)
);
