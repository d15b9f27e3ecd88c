-- Sources of the alerts of issue 17.
-- Every error code the server has answered, with when it was first answered: an error code first
-- seen recently is a new kind of failure (alert NEW_ERROR_CODE). One row per code, written once.
CREATE TABLE error_codes_seen (
    code           text        NOT NULL,
    first_seen_at  timestamptz NOT NULL,
    CONSTRAINT error_codes_seen_pk PRIMARY KEY (code)
);
CREATE INDEX error_codes_seen_first_ix ON error_codes_seen (first_seen_at);
-- Payment webhook deliveries in the alert window (alert PAYMENT_WEBHOOK_FAILED_RATIO): each delivery
-- writes one audit row, SUCCESS when believed, DENIED when refused.
CREATE INDEX audit_log_payment_webhook_ix ON audit_log (at) WHERE action = 'PAYMENT_WEBHOOK';
