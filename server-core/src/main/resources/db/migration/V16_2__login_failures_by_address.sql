-- Failed sign-ins per client address, for the password-spraying limit (decision 0073): a sign-in
-- from an address with LOGIN_ADDRESS_FAILURES_MAX failures in the last LOGIN_ADDRESS_WINDOW_MINUTES
-- is refused (429) before any password is checked. Rows older than the window are pruned as new
-- failures arrive. Shared by every replica, so the limit holds however requests are balanced.
CREATE TABLE login_failures (
    id         bigint      GENERATED ALWAYS AS IDENTITY,
    address    text        NOT NULL,
    failed_at  timestamptz NOT NULL,
    CONSTRAINT login_failures_pk PRIMARY KEY (id)
);
CREATE INDEX login_failures_address_idx ON login_failures (address, failed_at);
CREATE INDEX login_failures_failed_at_idx ON login_failures (failed_at);
