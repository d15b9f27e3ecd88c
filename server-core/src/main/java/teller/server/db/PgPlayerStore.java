package teller.server.db;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.postgresql.PGStatement;
import teller.server.common.InvalidInputException;
import teller.server.common.Page;
import teller.server.ledger.AccountView;
import teller.server.players.PlayerAccount;
import teller.server.players.PlayerSearch;
import teller.server.players.KycStatus;
import teller.server.players.Player;
import teller.server.players.PlayerStatus;
import teller.server.players.PlayerStore;

public final class PgPlayerStore implements PlayerStore {
    static final RowMapper<Player> PLAYER = (rs, ctx) -> new Player(rs.getString("id"), rs.getString("username"),
            rs.getString("currency"), PlayerStatus.valueOf(rs.getString("status")),
            KycStatus.valueOf(rs.getString("kyc_status")), rs.getString("exclusion_type"),
            Rows.instant(rs, "exclusion_until"), rs.getString("referrer_id"), rs.getLong("wallet_account_id"),
            Rows.instant(rs, "created_at"));

    private final JdbiTransactor tx;

    public PgPlayerStore(JdbiTransactor tx) {
        this.tx = tx;
    }

    @Override
    public Created insertIfAbsent(String id, String username, String currency, long walletAccountId) {
        int inserted = tx.handle().createUpdate("""
                        INSERT INTO players (id, username, currency, wallet_account_id)
                        VALUES (:id, :username, :currency, :wallet) ON CONFLICT DO NOTHING""")
                .bind("id", id).bind("username", username).bind("currency", currency).bind("wallet", walletAccountId)
                .execute();
        Player player = find(id).or(() -> findByUsername(username)).orElseThrow();
        return new Created(player, inserted == 1);
    }

    @Override
    public Optional<Player> find(String id) {
        return tx.handle().createQuery("SELECT * FROM players WHERE id = :id").bind("id", id).map(PLAYER).findOne();
    }

    @Override
    public Optional<Player> findByUsername(String username) {
        return tx.handle().createQuery("SELECT * FROM players WHERE username = :u").bind("u", username).map(PLAYER).findOne();
    }

    /**
     * The search's SQL. Username and id are matched in two branches, each ordered and limited, then
     * merged: with an OR of the two the planner cannot turn a prefix into an index range, and it
     * walked the whole ordered index instead (6 s for a 2-letter prefix late in the alphabet at 1M players).
     *
     * <p>A prefix (and the list without text) is in lower-cased username order: the match is one
     * range of the byte-order btree. A substring is in id order (decision 0165): its matches are
     * spread evenly over the primary key, so a common one ("ose" in every "jose_...") finds its page
     * after a few hundred rows of a filtered walk, while a rare one still takes the trigram bitmap.
     * In username order the matches of a common word sit together, and the walk removed every name
     * before them (875,000 rows for "osa") or the bitmap fetched and sorted all 125,000 matches.
     * A kyc= or status= filter leads an index in each order (V32), so a rare value is its own range.
     */
    static String searchSql(boolean hasText, boolean bySubstring) {
        return searchSql(hasText, bySubstring, false, false);
    }

    /**
     * As {@link #searchSql(boolean, boolean)}; for a substring, {@code nameAnchored} and
     * {@code idAnchored} say that the branch's trigram condition is a rare word of the text (bound as
     * {@code :nameAnchor} and {@code :idAnchor}, see {@link #anchors}) and the whole text
     * ({@code :text}) is checked by {@code strpos}, which no index answers (decision 0180).
     */
    static String searchSql(boolean hasText, boolean bySubstring, boolean nameAnchored, boolean idAnchored) {
        String filters = """
                   AND (CAST(:kyc AS text) IS NULL OR kyc_status = :kyc)
                   AND (CAST(:status AS text) IS NULL OR status = :status)""";
        if (bySubstring) {
            String branch = """
                    (SELECT players.*, id AS sort_key FROM players
                      WHERE %s %s
                        AND (CAST(:afterId AS text) IS NULL OR id > :afterId)
                      ORDER BY id LIMIT :limit)""";
            return "SELECT * FROM (" + branch.formatted(substringMatch("lower(username)", "nameAnchor", nameAnchored), filters)
                    + " UNION " + branch.formatted(substringMatch("lower(id)", "idAnchor", idAnchored), filters)
                    + ") matched ORDER BY id LIMIT :limit";
        }
        String branch = """
                (SELECT players.*, lower(username) AS sort_key FROM players
                  WHERE %s %s
                    AND (CAST(:afterKey AS text) IS NULL
                         OR (lower(username) COLLATE "C", id) > (CAST(:afterKey AS text) COLLATE "C", :afterId))
                  ORDER BY lower(username) COLLATE "C", id LIMIT :limit)""";
        if (!hasText) {
            return branch.formatted("TRUE", filters);
        }
        return "SELECT * FROM (" + branch.formatted("lower(username) COLLATE \"C\" LIKE :pattern", filters)
                + " UNION " + branch.formatted("lower(id) COLLATE \"C\" LIKE :pattern", filters)
                + ") matched ORDER BY sort_key COLLATE \"C\", id LIMIT :limit";
    }

    private static String substringMatch(String column, String anchor, boolean anchored) {
        return column + " LIKE :" + anchor + (anchored ? " AND strpos(" + column + ", :text) > 0" : "");
    }

    /** The index expressions whose statistics say how common a word is in usernames and in ids (V24). */
    static final String NAME_STATS = "players_search_order_ix";
    static final String ID_STATS = "players_id_lower_ix";

    /**
     * The words (runs of three letters or digits or more, what pg_trgm takes trigrams from) of a
     * lower-cased text; the trigram index is asked for one of them when there are several.
     */
    static List<String> words(String lowerText) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= lowerText.length(); i++) {
            boolean wordChar = i < lowerText.length() && Character.isLetterOrDigit(lowerText.charAt(i));
            if (wordChar && start < 0) {
                start = i;
            } else if (!wordChar && start >= 0) {
                if (i - start >= 3) {
                    words.add(lowerText.substring(start, i));
                }
                start = -1;
            }
        }
        return words;
    }

    /**
     * The word of a substring search that each trigram index is asked for (decision 0180), by index
     * ({@link #NAME_STATS}, {@link #ID_STATS}); an index missing from the answer is asked for the
     * whole text. A word is rare when none of the index expression's histogram values (ANALYZE's
     * sample of about 100 values of the column, in order) holds it, common when some do; an index is
     * asked for a rare word only when the text also has a common one, the longer rare word, then the
     * later: "123457" of "bench-123457", since every id holds "bench". A GIN scan checks every trigram of the text for
     * each candidate row of its rarest trigram, so the trigrams every id shares made one exact id
     * read about 1,200 index pages at 1M players; the word alone reads about 20.
     */
    static Map<String, String> anchors(org.jdbi.v3.core.Handle handle, List<String> words) {
        record Hits(String index, String word, long hits) {
        }
        List<Hits> rows = handle.createQuery("""
                        SELECT s.tablename AS index_name, w.word,
                               (SELECT count(*) FROM unnest(CAST(CAST(s.histogram_bounds AS text) AS text[])) AS h(value)
                                 WHERE strpos(h.value, w.word) > 0) AS hits
                          FROM pg_stats s CROSS JOIN unnest(CAST(:words AS text[])) WITH ORDINALITY AS w(word, at)
                         WHERE s.schemaname = current_schema() AND s.tablename IN (:name, :id)
                           AND s.histogram_bounds IS NOT NULL
                         ORDER BY s.tablename, hits, length(w.word) DESC, w.at DESC""")
                .bindArray("words", String.class, words).bind("name", NAME_STATS).bind("id", ID_STATS)
                .map((rs, ctx) -> new Hits(rs.getString("index_name"), rs.getString("word"), rs.getLong("hits"))).list();
        Map<String, String> anchors = new java.util.HashMap<>();
        Map<String, Long> mostHits = new java.util.HashMap<>();
        for (Hits row : rows) {
            if (row.hits() == 0) {
                anchors.putIfAbsent(row.index(), row.word());
            }
            mostHits.merge(row.index(), row.hits(), Math::max);
        }
        // Only a rare word beside a common one: when every word is rare the whole text is too, and
        // the planner estimates the branch from the whole text (strpos has no statistics).
        anchors.keySet().removeIf(index -> mostHits.get(index) == 0);
        return anchors;
    }

    /**
     * Keyset page in (lower-cased username in byte order, id) order for a prefix, in id order for a
     * substring (the cursor then carries the id twice); the page's wallets are read in a second
     * query by id (the grouped account view pushes the id down to the balance rows).
     */
    @Override
    public Page<PlayerAccount> search(PlayerSearch search, String cursor, int limit) {
        SearchCursor after = SearchCursor.parse(cursor);
        String text = search.text();
        String lower = text == null ? null : text.toLowerCase(java.util.Locale.ROOT);
        String pattern = text == null ? null : (search.bySubstring() ? "%" : "") + PgLedger.escapeLike(lower) + "%";
        // Substrings go to the trigram indexes (expressions without COLLATE), asked for the text or
        // for its rarest word (decision 0180), or, when common, to a filtered walk of the primary key;
        // short prefixes to the byte-order btree indexes (expressions with COLLATE "C", where
        // LIKE 'ab%' becomes a range).
        List<String> words = search.bySubstring() ? words(lower) : List.of();
        Map<String, String> anchors = words.size() > 1 ? anchors(tx.handle(), words) : Map.of();
        String nameAnchor = anchors.get(NAME_STATS);
        String idAnchor = anchors.get(ID_STATS);
        String sql = searchSql(text != null, search.bySubstring(), nameAnchor != null, idAnchor != null);
        record Row(Player player, String sortKey) {
        }
        var query = tx.handle().createQuery(sql);
        if (!search.bySubstring()) {
            query.bind("afterKey", after == null ? null : after.sortKey()).bind("pattern", pattern);
        } else {
            query.bind("nameAnchor", nameAnchor == null ? pattern : "%" + PgLedger.escapeLike(nameAnchor) + "%")
                    .bind("idAnchor", idAnchor == null ? pattern : "%" + PgLedger.escapeLike(idAnchor) + "%");
            if (nameAnchor != null || idAnchor != null) {
                query.bind("text", lower);
            }
        }
        List<Row> rows = query
                // A generic plan (the driver prepares a statement on the server after five runs) cannot
                // turn a LIKE parameter into an index range: never prepare it, so each search is planned
                // for its own text.
                .addCustomizer(new StatementCustomizer() {
                    @Override
                    public void beforeExecution(PreparedStatement statement, StatementContext ctx) throws SQLException {
                        statement.unwrap(PGStatement.class).setPrepareThreshold(0);
                    }
                })
                .bind("kyc", search.kyc() == null ? null : search.kyc().name())
                .bind("status", search.status() == null ? null : search.status().name())
                .bind("afterId", after == null ? null : after.id())
                .bind("limit", limit + 1)
                .map((rs, ctx) -> new Row(PLAYER.map(rs, ctx), rs.getString("sort_key"))).list();
        List<Row> items = rows.size() > limit ? rows.subList(0, limit) : rows;
        Map<Long, AccountView> wallets = wallets(items.stream().map(r -> r.player().walletAccountId()).toList());
        List<PlayerAccount> accounts = new ArrayList<>();
        for (Row row : items) {
            AccountView wallet = wallets.get(row.player().walletAccountId());
            if (wallet == null) {
                throw new IllegalStateException("player " + row.player().id() + " has no wallet account");
            }
            accounts.add(new PlayerAccount(row.player(), wallet));
        }
        Row last = items.isEmpty() ? null : items.get(items.size() - 1);
        String next = rows.size() > limit ? new SearchCursor(last.sortKey(), last.player().id()).encode() : null;
        return new Page<>(List.copyOf(accounts), next);
    }

    private Map<Long, AccountView> wallets(List<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return tx.handle().createQuery("SELECT * FROM account_totals WHERE id = ANY (CAST(:ids AS bigint[]))")
                .bindArray("ids", Long.class, ids).map(PgLedger.ACCOUNT).list().stream()
                .collect(Collectors.toMap(AccountView::id, Function.identity()));
    }

    /** Opaque cursor over (sort key, id); a cursor this server did not issue is bad input. */
    record SearchCursor(String sortKey, String id) {
        private static final String PREFIX = "pl:";

        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((PREFIX + id + "\u0000" + sortKey).getBytes(StandardCharsets.UTF_8));
        }

        static SearchCursor parse(String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return null;
            }
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int split = text.indexOf('\u0000');
                if (!text.startsWith(PREFIX) || split < 0) {
                    throw new IllegalArgumentException();
                }
                return new SearchCursor(text.substring(split + 1), text.substring(PREFIX.length(), split));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("cursor", "cursor is not one this server issued");
            }
        }
    }
}
