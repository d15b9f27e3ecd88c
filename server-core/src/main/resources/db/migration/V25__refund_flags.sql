-- A refunded payment charge raises a REFUND flag on the deposit it credited (issue 17): the money
-- may already be spent, so the deposit is never voided automatically; a supervisor decides.
ALTER TABLE fraud_flags DROP CONSTRAINT fraud_flags_rule_ck;
ALTER TABLE fraud_flags ADD CONSTRAINT fraud_flags_rule_ck CHECK (rule IN ('VELOCITY', 'RAPID_WITHDRAWAL',
    'WINNING_STREAK', 'DUPLICATE_PROOF', 'AMOUNT_ANOMALY', 'REFUND'));
