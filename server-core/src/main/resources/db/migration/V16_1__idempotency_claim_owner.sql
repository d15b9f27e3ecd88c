-- An Idempotency-Key claim names the server process that made it: the key of a session-level
-- advisory lock that process holds for as long as it lives (PgClaimOwners). A claim whose owner's
-- lock is gone belongs to a dead process and is taken over at once (decision 0070). Claims made
-- before this column existed have no owner and fall back to the two-minute staleness rule.
ALTER TABLE idempotency_records ADD COLUMN owner_lock integer;
