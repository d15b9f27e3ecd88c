-- Player search (issue 13): id and username, case-insensitively, by prefix and by substring, over
-- a million players (decision 0116). Trigram indexes answer substrings of three characters or
-- more; the two btree indexes answer shorter prefixes and give the list its order (lower-cased
-- username in byte order, then id) so that keyset paging never sorts the whole match.
-- pg_trgm ships with PostgreSQL (contrib) and is a trusted extension: a database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX players_username_trgm_ix ON players USING gin (lower(username) gin_trgm_ops);
CREATE INDEX players_id_trgm_ix ON players USING gin (lower(id) gin_trgm_ops);
CREATE INDEX players_search_order_ix ON players ((lower(username) COLLATE "C"), id);
CREATE INDEX players_id_lower_ix ON players ((lower(id) COLLATE "C"));
