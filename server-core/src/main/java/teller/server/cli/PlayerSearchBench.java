package teller.server.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jdbi.v3.core.Jdbi;
import teller.server.db.Database;

/**
 * The {@code player-search} scenario of {@code teller bench}: loads N players (default 1,000,000)
 * with wallets straight into a fresh embedded database, then times {@code GET /api/v1/players}
 * over HTTP, one search at a time, for each shape of search of decision 0215 ({@link #searches}).
 * Figures belong in docs/benchmarks.md only from a quiet machine.
 */
final class PlayerSearchBench {
    static final int LOAD_BATCH = 100_000;
    static final int PLAYERS_MAX = 50_000_000;
    static final int PAGE_LIMIT = 50;
    /** p99 the issue asks for at 1,000,000 players. */
    static final double TARGET_P99_MILLIS = 50.0;
    private static final String[] WORDS = {"maria", "jose", "ana", "pedro", "juan", "rosa", "carlo", "lina"};
    private static final long SEED = 13L;

    private PlayerSearchBench() {
    }

    /** Loads {@code players} bench players (ids bench-1..N) in batches; each gets a one-bucket wallet bounded at 0. */
    static void load(Jdbi jdbi, int players, PrintStream out) throws java.sql.SQLException {
        long started = System.nanoTime();
        for (int low = 1; low <= players; low += LOAD_BATCH) {
            int high = Math.min(players, low + LOAD_BATCH - 1);
            int lo = low;
            jdbi.<java.sql.SQLException>useTransaction(h -> {
                // 100,000 players a statement outlast the pool's statement bound on a busy machine.
                Database.unbounded(h.getConnection());
                h.createUpdate("""
                            WITH a AS (
                                INSERT INTO accounts (code, type, currency, lower_bound, bucket_count)
                                SELECT 'player:bench-' || g || ':wallet', 'LIABILITY', 'USD', 0, 1
                                  FROM generate_series(:lo, :hi) AS g
                                RETURNING id, code),
                            b AS (
                                INSERT INTO account_balances (account_id, bucket, normal_sign, lower_bound)
                                SELECT id, 0, -1, 0 FROM a)
                            INSERT INTO players (id, username, currency, wallet_account_id)
                            SELECT split_part(code, ':', 2),
                                   (CAST(:words AS text[]))[1 + n % 8] || '_' || substr(md5(n::text), 1, 6) || n,
                                   'USD', id
                              FROM (SELECT id, code, substr(split_part(code, ':', 2), 7)::int AS n FROM a) s""")
                    .bind("lo", lo).bind("hi", high).bindArray("words", String.class, (Object[]) WORDS).execute();
            });
        }
        jdbi.useHandle(h -> h.execute("ANALYZE players"));
        jdbi.useHandle(h -> h.execute("ANALYZE accounts"));
        jdbi.useHandle(h -> h.execute("ANALYZE account_balances"));
        out.printf(Locale.ROOT, "loaded %,d players in %.1f s%n", players, (System.nanoTime() - started) / 1e9);
    }

    /**
     * The searches of each kind, drawn with a fixed seed so runs are comparable: every shape of
     * decision 0215 that finds bench players (a shape that finds none, like "57" or unicode, is in
     * PlayerSearchHttpTest and in the EXPLAIN figures of docs/benchmarks.md).
     */
    static Map<String, List<String>> searches(int players, int perKind) {
        Random random = new Random(SEED);
        Map<String, List<String>> kinds = new LinkedHashMap<>();
        for (String kind : KINDS) {
            kinds.put(kind, new ArrayList<>());
        }
        for (int i = 0; i < perKind; i++) {
            int n = 1 + random.nextInt(players);
            String id = "bench-" + n;
            String name = WORDS[random.nextInt(WORDS.length)];
            kinds.get(ONE_CHARACTER).add(name.substring(0, 1));
            kinds.get(TWO_LETTERS).add(name.substring(0, 2));
            // Inside the word, three letters or more so that it is a substring search ("ana" stays whole).
            kinds.get(COMMON_WORD).add(name.length() > 3 ? name.substring(1) : name);
            kinds.get(RARE_FRAGMENT).add(md5Hex(n).substring(3, 6) + n);
            kinds.get(EXACT_ID).add(id);
            // The id of a player among the first 99: "bench-57" starts the ids bench-57, bench-570.. (1 in 90).
            kinds.get(SHORT_ID).add("bench-" + (1 + random.nextInt(Math.min(players, 99))));
            // Search-as-you-type sends every start of the id: "b", "be", .. "bench-5", "bench-57", ..
            kinds.get(ID_AS_TYPED).add(id.substring(0, 1 + random.nextInt(id.length())));
            kinds.get(DIGITS).add(Integer.toString(Math.max(n, 100)));
            kinds.get(MIXED_CASE).add(random.nextBoolean() ? id.toUpperCase(Locale.ROOT)
                    : Character.toUpperCase(name.charAt(0)) + name.substring(1));
            // The start of a username with its literal "_": "jose_3f" (LIKE would take "_" for any character).
            kinds.get(LITERAL_UNDERSCORE).add(WORDS[n % WORDS.length] + "_" + md5Hex(n).substring(0, 2));
        }
        return kinds;
    }

    static final String ONE_CHARACTER = "1 character";
    static final String TWO_LETTERS = "prefix (2 letters)";
    static final String COMMON_WORD = "common word";
    static final String RARE_FRAGMENT = "rare fragment";
    static final String EXACT_ID = "exact id";
    static final String SHORT_ID = "short id (1-2 digits)";
    static final String ID_AS_TYPED = "id as typed";
    static final String DIGITS = "digits";
    static final String MIXED_CASE = "mixed case";
    static final String LITERAL_UNDERSCORE = "literal _";
    static final List<String> KINDS = List.of(ONE_CHARACTER, TWO_LETTERS, COMMON_WORD, RARE_FRAGMENT, EXACT_ID,
            SHORT_ID, ID_AS_TYPED, DIGITS, MIXED_CASE, LITERAL_UNDERSCORE);

    private static String md5Hex(int n) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("MD5").digest(Integer.toString(n).getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Times every search; returns false when any answered other than 200 or matched nothing it should. */
    static boolean measure(OkHttpClient http, String baseUrl, String token, int players, int perKind, PrintStream out)
            throws IOException {
        Map<String, List<String>> kinds = searches(players, perKind);
        // Warm the caches with one pass that is not counted.
        for (List<String> texts : kinds.values()) {
            for (String text : texts.subList(0, Math.min(texts.size(), 50))) {
                search(http, baseUrl, token, text);
            }
        }
        boolean ok = true;
        List<Long> all = new ArrayList<>();
        out.printf(Locale.ROOT, "%-22s %8s %8s %8s %8s%n", "search", "count", "p50 ms", "p99 ms", "max ms");
        for (var kind : kinds.entrySet()) {
            long[] nanos = new long[kind.getValue().size()];
            int i = 0;
            for (String text : kind.getValue()) {
                long started = System.nanoTime();
                int matched = search(http, baseUrl, token, text);
                nanos[i++] = System.nanoTime() - started;
                if (matched < 1) {
                    out.println("search '" + text + "' matched nothing (or failed)");
                    ok = false;
                }
            }
            Arrays.sort(nanos);
            for (long n : nanos) {
                all.add(n);
            }
            out.printf(Locale.ROOT, "%-22s %8d %8.2f %8.2f %8.2f%n", kind.getKey(), nanos.length,
                    BenchServer.percentileMillis(nanos, 0.50), BenchServer.percentileMillis(nanos, 0.99),
                    nanos.length == 0 ? Double.NaN : nanos[nanos.length - 1] / 1e6);
        }
        long[] every = all.stream().mapToLong(Long::longValue).sorted().toArray();
        double p99 = BenchServer.percentileMillis(every, 0.99);
        out.printf(Locale.ROOT, "%-22s %8d %8.2f %8.2f%n", "all", every.length, BenchServer.percentileMillis(every, 0.50), p99);
        out.printf(Locale.ROOT, "p99 %s the %.0f ms target at %,d players%n", p99 < TARGET_P99_MILLIS ? "meets" : "MISSES",
                TARGET_P99_MILLIS, players);
        return ok;
    }

    /** One search over HTTP; the number of players on the first page, or -1 when it did not answer 200. */
    private static int search(OkHttpClient http, String baseUrl, String token, String text) throws IOException {
        String url = baseUrl + "/api/v1/players?limit=" + PAGE_LIMIT + "&search=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
        try (Response response = http.newCall(new Request.Builder().url(url).header("Authorization", "Bearer " + token)
                .build()).execute()) {
            String body = response.body().string();
            if (response.code() != 200) {
                return -1;
            }
            int count = 0;
            for (int at = body.indexOf("\"username\""); at >= 0; at = body.indexOf("\"username\"", at + 1)) {
                count++;
            }
            return count;
        }
    }

    /** The whole scenario on a fresh embedded database. */
    static int run(int players, int perKind, PrintStream out) throws Exception {
        if (players < 1 || players > PLAYERS_MAX || perKind < 1) {
            System.err.println("--players must be 1.." + PLAYERS_MAX + " and --searches at least 1");
            return 2;
        }
        try (BenchServer bench = BenchServer.start("bench-search", System.getenv(), builder -> { })) {
            out.printf(Locale.ROOT, "player search on %s; %,d players, %d searches of each kind, one at a time%n",
                    bench.baseUrl(), players, perKind);
            load(bench.core().database().jdbi(), players, out);
            OkHttpClient http = BenchServer.httpClient(2).callTimeout(Duration.ofSeconds(60)).build();
            try {
                return measure(http, bench.baseUrl(), bench.adminToken(http), players, perKind, out) ? 0 : 1;
            } finally {
                BenchServer.stop(http);
            }
        }
    }
}
