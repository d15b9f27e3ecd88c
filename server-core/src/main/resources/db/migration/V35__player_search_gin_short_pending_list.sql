-- Player search at 1,000,000 players (issue 13, decision 0180): a short pending list for the trigram
-- indexes. New entries of a GIN index wait in a pending list until it outgrows
-- gin_pending_list_limit (4 MB by default) or a vacuum moves them, and every search reads the whole
-- list: about 500 pages of the username index after loading 1,000,000 players, for a search whose
-- answer is one row. 256 kB keeps that under 32 pages. fastupdate = off (no list at all) was
-- weighed: adding 100,000 players to 1,000,000 took 176 s with it, 81 s with 256 kB and about 60 s
-- with the default (one busy machine, load average 18-25; the ratio is what counts).
ALTER INDEX players_username_trgm_ix SET (gin_pending_list_limit = 256);
ALTER INDEX players_id_trgm_ix SET (gin_pending_list_limit = 256);
-- What already waits is moved into the index now, not at the next vacuum.
SELECT gin_clean_pending_list('players_username_trgm_ix'::regclass);
SELECT gin_clean_pending_list('players_id_trgm_ix'::regclass);
