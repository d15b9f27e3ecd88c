-- Order history by date range (issue 13): GET /orders?from=&to= over every status.
CREATE INDEX orders_created_at_ix ON orders (created_at, id);
