-- Integrations: payment webhook deliveries and referral rewards (decisions 0036-0038).

-- One row per charge a payment provider told us about. The provider may deliver the same charge
-- many times and in any order; the row keeps the latest status it reported and, once the charge
-- succeeded, the DEPOSIT order it created (the order's idempotency key is derived from the charge).
CREATE TABLE payment_deliveries (
    id               bigint GENERATED ALWAYS AS IDENTITY,
    provider         text        NOT NULL,
    charge_id        text        NOT NULL,
    player_id        text        NOT NULL,
    amount           bigint      NOT NULL,
    currency         char(3)     NOT NULL,
    status           text        NOT NULL,
    order_id         bigint,
    deliveries       integer     NOT NULL DEFAULT 1,
    first_seen_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at     timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    CONSTRAINT payment_deliveries_pk PRIMARY KEY (id),
    CONSTRAINT payment_deliveries_charge_uq UNIQUE (provider, charge_id),
    CONSTRAINT payment_deliveries_order_fk FOREIGN KEY (order_id) REFERENCES orders (id),
    CONSTRAINT payment_deliveries_amount_ck CHECK (amount > 0),
    CONSTRAINT payment_deliveries_currency_ck CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT payment_deliveries_status_ck CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED', 'REFUNDED', 'CANCELED')),
    CONSTRAINT payment_deliveries_deliveries_ck CHECK (deliveries >= 1),
    -- Once a charge has credited the wallet, its row can never lose the order it credited.
    CONSTRAINT payment_deliveries_succeeded_ck CHECK (order_id IS NULL OR status IN ('SUCCEEDED', 'REFUNDED'))
);

-- Who referred whom is players.referrer_id (V2); counting a referrer's referrals needs this index.
CREATE INDEX players_referrer_ix ON players (referrer_id) WHERE referrer_id IS NOT NULL;

-- One reward per executed deposit of a referred player (buyer), with the amount fixed when the
-- deposit was found, granted by the referral worker; PENDING rows are retried with backoff.
CREATE TABLE referral_rewards (
    id               bigint GENERATED ALWAYS AS IDENTITY,
    buyer_id         text        NOT NULL,
    order_id         bigint      NOT NULL,
    referrer_id      text        NOT NULL,
    level            integer     NOT NULL,
    percent          integer     NOT NULL,
    deposit_amount   bigint      NOT NULL,
    amount           bigint      NOT NULL,
    currency         char(3)     NOT NULL,
    status           text        NOT NULL DEFAULT 'PENDING',
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    transaction_id   bigint,
    created_at       timestamptz NOT NULL DEFAULT now(),
    granted_at       timestamptz,
    CONSTRAINT referral_rewards_pk PRIMARY KEY (id),
    CONSTRAINT referral_rewards_buyer_order_uq UNIQUE (buyer_id, order_id),
    CONSTRAINT referral_rewards_order_uq UNIQUE (order_id),
    CONSTRAINT referral_rewards_order_fk FOREIGN KEY (order_id) REFERENCES orders (id),
    CONSTRAINT referral_rewards_buyer_fk FOREIGN KEY (buyer_id) REFERENCES players (id),
    CONSTRAINT referral_rewards_referrer_fk FOREIGN KEY (referrer_id) REFERENCES players (id),
    CONSTRAINT referral_rewards_tx_fk FOREIGN KEY (transaction_id) REFERENCES ledger_transactions (id),
    CONSTRAINT referral_rewards_status_ck CHECK (status IN ('PENDING', 'GRANTED', 'SKIPPED', 'FAILED')),
    CONSTRAINT referral_rewards_amount_ck CHECK (amount >= 0 AND deposit_amount > 0),
    CONSTRAINT referral_rewards_percent_ck CHECK (percent BETWEEN 0 AND 100 AND level >= 1),
    CONSTRAINT referral_rewards_granted_ck CHECK (status <> 'GRANTED' OR transaction_id IS NOT NULL),
    CONSTRAINT referral_rewards_not_self_ck CHECK (buyer_id <> referrer_id)
);
CREATE INDEX referral_rewards_due_ix ON referral_rewards (next_attempt_at, id) WHERE status = 'PENDING';
CREATE INDEX referral_rewards_referrer_ix ON referral_rewards (referrer_id, id);

-- How far the referral scanner has looked: every executed deposit with an order id at or below
-- last_order_id has been considered (decision 0037).
CREATE TABLE referral_scan (
    id             integer NOT NULL DEFAULT 1,
    last_order_id  bigint  NOT NULL DEFAULT 0,
    CONSTRAINT referral_scan_pk PRIMARY KEY (id),
    CONSTRAINT referral_scan_single_ck CHECK (id = 1)
);
INSERT INTO referral_scan (id, last_order_id) VALUES (1, 0);

-- Referral loops are refused by the service; the database keeps the simplest one out too.
ALTER TABLE players ADD CONSTRAINT players_not_own_referrer_ck CHECK (referrer_id IS NULL OR referrer_id <> id);
