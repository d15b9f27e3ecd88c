-- Player search at 1,000,000 players (issue 13, decision 0165): the kyc= and status= filters as the
-- leading column of the search's two orders, so that a filter on a rare value (a few PENDING or
-- SUSPENDED players) is a range of its own rows, not a walk that removes every other player:
-- (x, id) for a substring search, listed in id order; (x, lower-cased username in byte order, id)
-- for the list and a short prefix, in username order.
CREATE INDEX players_kyc_search_ix ON players (kyc_status, id);
CREATE INDEX players_kyc_name_ix ON players (kyc_status, (lower(username) COLLATE "C"), id);
CREATE INDEX players_status_search_ix ON players (status, id);
CREATE INDEX players_status_name_ix ON players (status, (lower(username) COLLATE "C"), id);
