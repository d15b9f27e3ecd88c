-- The approval queue's sorts (decision 0106): keyset pages of pending orders by age and by amount
-- read an index in order instead of sorting every pending order. Partial: the queue is the
-- PENDING_REVIEW orders, a small part of all orders once the system has run a while.
CREATE INDEX orders_pending_age_ix ON orders (created_at, id) WHERE status = 'PENDING_REVIEW';
CREATE INDEX orders_pending_amount_ix ON orders (amount DESC, id) WHERE status = 'PENDING_REVIEW';
