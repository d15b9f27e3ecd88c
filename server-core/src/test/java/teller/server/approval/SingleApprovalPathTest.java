package teller.server.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.orders.Order;
import teller.server.orders.OrderStatus;
import teller.server.provider.ProviderKind;
import teller.server.support.CountingProvider;
import teller.server.support.DomainGraph;
import teller.server.support.Refusals;

/**
 * DESIGN.md: "Nothing else writes order status." Proven twice: (a) no main source outside the
 * approval store declares the approval path or updates {@code orders.status}, and (b) the database
 * refuses a status change from any transaction that has not declared itself the approval path,
 * and an illegal transition even from one that has.
 */
class SingleApprovalPathTest {
    private static final Path MAIN_JAVA = Path.of("src/main/java");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    /** {@code UPDATE orders ... SET ... status =} in any spelling (alias, schema, case, line breaks). */
    static final Pattern UPDATE_ORDER_STATUS = Pattern.compile(
            "\\bUPDATE\\s+(?:ONLY\\s+)?(?:\"?public\"?\\.)?\"?orders\"?(?:\\s+(?:AS\\s+)?(?!SET\\b)\\w+)?\\s+SET\\b"
                    + "(?:(?!;|\\bWHERE\\b|\\bRETURNING\\b|\"\"\"|\\bFROM\\b).)*?(?:\\w+\\.)?\\bstatus\\s*=",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    static final Pattern APPROVAL_PATH = Pattern.compile("teller\\.approval_path");
    /** A PL/pgSQL function definition: its name and its dollar-quoted body. */
    private static final Pattern SQL_FUNCTION = Pattern.compile(
            "CREATE\\s+(?:OR\\s+REPLACE\\s+)?FUNCTION\\s+(\\w+)\\s*\\(.*?(\\$\\w*\\$)(.*?)\\2",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private static DomainGraph graph;

    @BeforeAll
    static void start() {
        graph = new DomainGraph(Map.of(ProviderKind.GAME_LOAD, new CountingProvider(ProviderKind.GAME_LOAD),
                ProviderKind.PAYOUT, new CountingProvider(ProviderKind.PAYOUT)));
        graph.player("bob", "USD");
    }

    @AfterAll
    static void stop() {
        graph.close();
    }

    // ------------------------------------------------------------------ (a) source scan

    @Test
    void scanRecognisesEveryWayOfWritingAStatusUpdate() {
        assertThat(UPDATE_ORDER_STATUS.matcher("UPDATE orders SET status = 'REJECTED' WHERE id = 1").find()).isTrue();
        assertThat(UPDATE_ORDER_STATUS.matcher("update public.orders o\n   set note = 1,\n o.status='X'").find()).isTrue();
        assertThat(UPDATE_ORDER_STATUS.matcher("UPDATE \"orders\" SET updated_at = now(), status = :s").find()).isTrue();
        assertThat(UPDATE_ORDER_STATUS.matcher("UPDATE orders SET execution_lease_until = :until WHERE status = 'EXECUTING'")
                .find()).as("a status in the WHERE clause is a filter, not a write").isFalse();
        assertThat(UPDATE_ORDER_STATUS.matcher("UPDATE order_history SET status = 'X'").find()).isFalse();
    }

    @Test
    void onlyTheApprovalStoreWritesOrderStatusInJava() throws IOException {
        Set<String> writers = new TreeSet<>();
        Set<String> declarers = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MAIN_JAVA)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(file -> {
                String source = read(file);
                String name = MAIN_JAVA.relativize(file).toString().replace('\\', '/');
                if (UPDATE_ORDER_STATUS.matcher(source).find()) {
                    writers.add(name);
                }
                if (APPROVAL_PATH.matcher(source).find()) {
                    declarers.add(name);
                }
            });
        }
        // The approval package itself holds no SQL; its store implementation in db is the one writer.
        assertThat(writers).containsExactly("teller/server/db/PgApprovalStore.java");
        assertThat(declarers).containsExactly("teller/server/db/PgApprovalStore.java");
    }

    @Test
    void onlyApprovalFunctionsWriteOrderStatusInMigrations() throws IOException {
        Set<String> offenders = new TreeSet<>();
        Set<String> approvalFunctions = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MIGRATIONS)) {
            files.filter(p -> p.toString().endsWith(".sql")).sorted().forEach(file -> {
                // Comments may talk about the approval path; only code counts.
                String sql = read(file).replaceAll("--[^\n]*", "");
                // Outside function bodies (plain DDL / DML of the migration itself) nothing may do it.
                String outside = SQL_FUNCTION.matcher(sql).replaceAll("");
                if (UPDATE_ORDER_STATUS.matcher(outside).find() || APPROVAL_PATH.matcher(outside).find()) {
                    offenders.add(file.getFileName() + " (outside any function)");
                }
                Matcher function = SQL_FUNCTION.matcher(sql);
                while (function.find()) {
                    String name = function.group(1).toLowerCase(java.util.Locale.ROOT);
                    String body = function.group(3);
                    boolean writes = UPDATE_ORDER_STATUS.matcher(body).find();
                    boolean declares = APPROVAL_PATH.matcher(body).find();
                    if (name.equals("orders_guard_status")) {
                        continue; // the guard reads the declaration; it writes nothing
                    }
                    if (writes || declares) {
                        if (name.startsWith("approval_")) {
                            approvalFunctions.add(name);
                        } else {
                            offenders.add(file.getFileName() + " function " + name);
                        }
                    }
                }
            });
        }
        assertThat(offenders).isEmpty();
        assertThat(approvalFunctions).contains("approval_approve_deposits", "approval_apply_deposits");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ (b) the database refuses

    private Order pendingOrder() {
        return graph.submit("DEPOSIT", "bob", 100, null, null);
    }

    private String refusal(java.util.function.Consumer<Handle> work) {
        return Refusals.of(graph.jdbi(), work);
    }

    private String status(long orderId) {
        return graph.jdbi().withHandle(h -> h.createQuery("SELECT status FROM orders WHERE id = :id").bind("id", orderId)
                .mapTo(String.class).one());
    }

    @Test
    void statusUpdateOutsideTheApprovalPathIsRefused() {
        long id = pendingOrder().id();
        assertThat(refusal(h -> h.execute(
                "UPDATE orders SET status = 'REJECTED', rejection_reason = 'sneaky' WHERE id = ?", id)))
                .contains("ORDER_STATUS_GUARD");
        assertThat(refusal(h -> h.execute("UPDATE orders SET status = 'APPROVED_EXECUTED' WHERE id = ?", id)))
                .contains("ORDER_STATUS_GUARD");
        assertThat(status(id)).isEqualTo("PENDING_REVIEW");
    }

    @Test
    void approvalPathDeclaredInAnEarlierTransactionDoesNotCarryOver() {
        long id = pendingOrder().id();
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> graph.jdbi().useHandle(h -> {
            // Same connection: the declaration is transaction-local and ends with its transaction.
            h.begin();
            h.createQuery("SELECT set_config('teller.approval_path', 'on', true)").mapTo(String.class).one();
            h.commit();
            h.begin();
            h.execute("UPDATE orders SET status = 'REJECTED', rejection_reason = 'late' WHERE id = ?", id);
            h.commit();
        }));
        assertThat(thrown).hasStackTraceContaining("ORDER_STATUS_GUARD");
        assertThat(status(id)).isEqualTo("PENDING_REVIEW");
    }

    @Test
    void illegalTransitionIsRefusedEvenOnTheApprovalPath() {
        long id = pendingOrder().id();
        for (String to : new String[] {"VOIDED", "APPROVED_FAILED"}) {
            assertThat(refusal(h -> {
                h.createQuery("SELECT set_config('teller.approval_path', 'on', true)").mapTo(String.class).one();
                h.execute("UPDATE orders SET status = ?, void_reason = 'x' WHERE id = ?", to, id);
            })).contains("ORDER_ILLEGAL_TRANSITION").contains("PENDING_REVIEW to " + to);
        }
        graph.approvals.reject(id, DomainGraph.operator("checker"), "duplicate");
        assertThat(refusal(h -> {
            h.createQuery("SELECT set_config('teller.approval_path', 'on', true)").mapTo(String.class).one();
            h.execute("UPDATE orders SET status = 'EXECUTING' WHERE id = ?", id);
        })).contains("ORDER_ILLEGAL_TRANSITION").contains("REJECTED to EXECUTING");
        assertThat(status(id)).isEqualTo(OrderStatus.REJECTED.name());
    }

    @Test
    void legalTransitionOnTheApprovalPathIsAccepted() {
        // The guard must not refuse everything: the approval store's own write goes through.
        long id = pendingOrder().id();
        graph.jdbi().useTransaction(h -> {
            h.createQuery("SELECT set_config('teller.approval_path', 'on', true)").mapTo(String.class).one();
            h.execute("UPDATE orders SET status = 'REJECTED', rejection_reason = 'by hand' WHERE id = ?", id);
        });
        assertThat(status(id)).isEqualTo("REJECTED");
    }

    @Test
    void ordersAreNeitherDeletedNorBornDecided() {
        long id = pendingOrder().id();
        assertThat(refusal(h -> h.execute("DELETE FROM orders WHERE id = ?", id))).contains("ORDER_IMMUTABLE");
        assertThat(refusal(h -> h.execute("""
                INSERT INTO orders (type, status, player_id, amount, currency, source_channel, idempotency_key,
                                    request_hash, created_by_type)
                VALUES ('DEPOSIT', 'APPROVED_EXECUTED', 'bob', 5, 'USD', 'API', 'raw-born-approved', 'h', 'SYSTEM')""")))
                .contains("ORDER_STATUS_GUARD");
    }
}
