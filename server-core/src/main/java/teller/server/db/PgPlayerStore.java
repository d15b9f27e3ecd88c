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
     * The search's SQL for one of its two parts (decision 0215). Username and id are matched in two
     * branches, each ordered and limited, then merged: with an OR of the two the planner cannot turn a
     * prefix into an index range, and it walked the whole ordered index instead (6 s for a 2-letter
     * prefix late in the alphabet at 1M players).
     *
     * <p>{@code bySubstring == false}: the list without text, or the players whose id or username
     * starts with the text, in lower-cased username order: a prefix is one range of the byte-order
     * btree indexes, so a page is about a page of rows whatever the text. {@code bySubstring == true}:
     * the players that hold a text with a word ({@link PlayerSearch#words}) but whose id and username
     * both do not start with it, in id order (decision 0165): their matches are spread over the primary key,
     * so a common one ("ose" in every "jose_...") finds its page after a few hundred rows of a filtered
     * walk, while a rare one takes the trigram bitmap. Taking the prefix matches out of this part
     * keeps out the matches that sit together in id order (every "bench-57..." id for "bench-57").
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
                        AND NOT starts_with(lower(username), :text) AND NOT starts_with(lower(id), :text)
                        AND (CAST(:afterId AS text) IS NULL OR id > :afterId)
                      ORDER BY id LIMIT :limit)""";
            return "SELECT * FROM (" + branch.formatted(substringMatch("lower(username)", "nameAnchor", nameAnchored), filters)
                    + " UNION " + branch.formatted(substringMatch("lower(id)", "idAnchor", idAnchored), filters)
                    + ") matched ORDER BY id LIMIT :limit";
        }
        String branch = """
                (SELECT players.*, lower(username) AS sort_key FROM players
                  WHERE %s %s
                    AND (CAST(:afterKey AS text) IS NULL OR (lower(username) COLLATE "C", id) > %s)
                  ORDER BY lower(username) COLLATE "C", id LIMIT :limit)""";
        String after = "(CAST(:afterKey AS text) COLLATE \"C\", :afterId)";
        if (!hasText) {
            return branch.formatted("TRUE", filters, after);
        }
        // The username branch's rows start with the text: a cursor before the text (the last row came
        // from the id branch) starts its walk at the text, where the btree cannot tell that the row
        // comparison is the looser bound and walked every name in between (1,000 pages at 1M for "b").
        String nameAfter = """
                (GREATEST(CAST(:afterKey AS text) COLLATE "C", CAST(:start AS text) COLLATE "C"),
                 CASE WHEN CAST(:afterKey AS text) COLLATE "C" < CAST(:start AS text) COLLATE "C" THEN '' ELSE :afterId END)""";
        return "SELECT * FROM (" + branch.formatted("lower(username) COLLATE \"C\" LIKE :pattern", filters, nameAfter)
                + " UNION " + branch.formatted("lower(id) COLLATE \"C\" LIKE :pattern", filters, after)
                + ") matched ORDER BY sort_key COLLATE \"C\", id LIMIT :limit";
    }

    private static String substringMatch(String column, String anchor, boolean anchored) {
        return column + " LIKE :" + anchor + (anchored ? " AND strpos(" + column + ", :text) > 0" : "");
    }

    /** The index expressions whose statistics say how common a word is in usernames and in ids (V24). */
    static final String NAME_STATS = "players_search_order_ix";
    static final String ID_STATS = "players_id_lower_ix";

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
     * A page of the search (decision 0215): first the players whose id or username starts with the
     * text, in (lower-cased username in byte order, id) order; then, for a text of three characters or
     * more, the players that hold it elsewhere, in id order. A page that the first part does not fill
     * goes on with the second; a page that it fills never runs the second, so the typed start of an
     * id or name ("bench-57", "jose") reads about a page however many players share it. The page's
     * wallets are read in a second query by id (the grouped account view pushes the id down to the
     * balance rows).
     */
    @Override
    public Page<PlayerAccount> search(PlayerSearch search, String cursor, int limit) {
        SearchCursor after = SearchCursor.parse(cursor);
        String lower = search.text() == null ? null : search.text().toLowerCase(java.util.Locale.ROOT);
        List<Row> rows = new ArrayList<>();
        String next = null;
        if (after == null || !after.inside()) {
            List<Row> starting = startingRows(search, lower, after, limit + 1);
            if (starting.size() > limit) {
                rows.addAll(starting.subList(0, limit));
                Row last = rows.get(limit - 1);
                next = new SearchCursor(false, last.sortKey(), last.player().id()).encode();
            } else {
                rows.addAll(starting);
                if (search.bySubstring() && starting.size() == limit) {
                    // The page is full: the players that hold the text elsewhere start on the next one.
                    next = new SearchCursor(true, "", "").encode();
                }
            }
        }
        if (search.bySubstring() && next == null && rows.size() < limit) {
            int room = limit - rows.size();
            String afterId = after != null && after.inside() && !after.id().isEmpty() ? after.id() : null;
            List<Row> inside = insideRows(search, lower, afterId, room + 1);
            rows.addAll(inside.subList(0, Math.min(room, inside.size())));
            if (inside.size() > room) {
                Row last = rows.get(rows.size() - 1);
                next = new SearchCursor(true, last.sortKey(), last.player().id()).encode();
            }
        }
        Map<Long, AccountView> wallets = wallets(rows.stream().map(r -> r.player().walletAccountId()).toList());
        List<PlayerAccount> accounts = new ArrayList<>();
        for (Row row : rows) {
            AccountView wallet = wallets.get(row.player().walletAccountId());
            if (wallet == null) {
                throw new IllegalStateException("player " + row.player().id() + " has no wallet account");
            }
            accounts.add(new PlayerAccount(row.player(), wallet));
        }
        return new Page<>(List.copyOf(accounts), next);
    }

    private record Row(Player player, String sortKey) {
    }

    /** The list without text, or the players whose id or username starts with the text, in username order. */
    private List<Row> startingRows(PlayerSearch search, String lower, SearchCursor after, int limit) {
        return query(searchSql(lower != null, false), search, limit)
                .bind("pattern", lower == null ? null : PgLedger.escapeLike(lower) + "%")
                .bind("start", lower)
                .bind("afterKey", after == null ? null : after.sortKey())
                .bind("afterId", after == null ? null : after.id())
                .map((rs, ctx) -> new Row(PLAYER.map(rs, ctx), rs.getString("sort_key"))).list();
    }

    /**
     * The players that hold the text but start with it in neither id nor username, in id order. The
     * trigram indexes are asked for the text (with at least one character before it, which is what
     * the planner then estimates) or for its rarest word (decision 0180).
     */
    private List<Row> insideRows(PlayerSearch search, String lower, String afterId, int limit) {
        List<String> words = PlayerSearch.words(lower);
        Map<String, String> anchors = words.size() > 1 ? anchors(tx.handle(), words) : Map.of();
        String nameAnchor = anchors.get(NAME_STATS);
        String idAnchor = anchors.get(ID_STATS);
        String inside = "_%" + PgLedger.escapeLike(lower) + "%";
        return query(searchSql(true, true, nameAnchor != null, idAnchor != null), search, limit)
                .bind("nameAnchor", nameAnchor == null ? inside : "%" + PgLedger.escapeLike(nameAnchor) + "%")
                .bind("idAnchor", idAnchor == null ? inside : "%" + PgLedger.escapeLike(idAnchor) + "%")
                .bind("text", lower)
                .bind("afterId", afterId)
                .map((rs, ctx) -> new Row(PLAYER.map(rs, ctx), rs.getString("sort_key"))).list();
    }

    private org.jdbi.v3.core.statement.Query query(String sql, PlayerSearch search, int limit) {
        return tx.handle().createQuery(sql)
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
                .bind("limit", limit);
    }

    private Map<Long, AccountView> wallets(List<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return tx.handle().createQuery("SELECT * FROM account_totals WHERE id = ANY (CAST(:ids AS bigint[]))")
                .bindArray("ids", Long.class, ids).map(PgLedger.ACCOUNT).list().stream()
                .collect(Collectors.toMap(AccountView::id, Function.identity()));
    }

    /**
     * Opaque cursor over (sort key, id) and the part of the search it is in: {@code inside} for the
     * players that hold the text elsewhere than at the start (an empty id: that part from its start);
     * a cursor this server did not issue is bad input.
     */
    record SearchCursor(boolean inside, String sortKey, String id) {
        private static final String STARTING = "ps:";
        private static final String INSIDE = "pi:";

        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(((inside ? INSIDE : STARTING) + id + "\u0000" + sortKey).getBytes(StandardCharsets.UTF_8));
        }

        static SearchCursor parse(String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return null;
            }
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int split = text.indexOf('\u0000');
                boolean inside = text.startsWith(INSIDE);
                if (!(inside || text.startsWith(STARTING)) || split < 0) {
                    throw new IllegalArgumentException();
                }
                return new SearchCursor(inside, text.substring(split + 1), text.substring(STARTING.length(), split));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("cursor", "cursor is not one this server issued");
            }
        }
    }
}
