-- Dashboard KPIs and alerts (decision 0046) read a bounded window of order history and the few
-- orders with many execution attempts. These indexes keep those reads off full scans.

-- Outcomes and decisions since a time: an index-only range scan over the window.
CREATE INDEX order_history_at_ix ON order_history (at) INCLUDE (from_status, to_status);

-- Failures since a time, with their note (which carries the provider's error code).
CREATE INDEX order_history_failed_at_ix ON order_history (at) WHERE to_status = 'APPROVED_FAILED';

-- Orders retried many times: a short range at the top of the attempts.
CREATE INDEX orders_execution_attempts_ix ON orders (execution_attempts, updated_at);
