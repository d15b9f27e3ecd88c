package teller.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import teller.server.support.TestPostgres;
import teller.server.support.ExecutionFixture;

/**
 * One server per test class with the hand-counted report data below, for the report tests over real
 * HTTP ({@link ReportsApiTest}, {@link ReportExportsApiTest}, {@link ReportPdfApiTest}).
 *
 * <p>The data, all approved by admin (orders entered by the clerk):
 * deposits 10,000 (p1), 5,000 (p2) and 400 (p2, later voided); a deposit of 700 rejected; a
 * deposit of 50 still waiting; game loads 3,000 into "pusoy" (p1) and 1,000 into a game whose name
 * is a spreadsheet formula (p2); a withdrawal of 2,000 redeemed from "pusoy" (p1).
 */
abstract class ReportsFixture {
    static final String EVIL_GAME = "=HYPERLINK(\"http://evil.example\",\"x\")";

    static ExecutionFixture fixture;
    static String range;
    static String databaseUrl;

    @TempDir
    static Path files;

    @BeforeAll
    static void start() {
        databaseUrl = TestPostgres.freshDatabase();
        fixture = ExecutionFixture.start(b -> b.sandboxProviders(true).database(databaseUrl, null, null));
        String p1 = fixture.fundedPlayer(10_000);
        String p2 = fixture.fundedPlayer(5_000);
        String p3 = fixture.fundedPlayer(0);
        assertThat(fixture.reject(fixture.order("DEPOSIT", p3, 700), "no proof").status()).isEqualTo(200);
        fixture.order("DEPOSIT", p3, 50);
        assertThat(fixture.approve(fixture.order("GAME_LOAD", p1, 3_000)).at("/status")).isEqualTo("APPROVED_EXECUTED");
        assertThat(fixture.approve(order("GAME_LOAD", p2, 1_000, EVIL_GAME)).at("/status")).isEqualTo("APPROVED_EXECUTED");
        assertThat(fixture.approve(order("WITHDRAWAL", p1, 2_000, ExecutionFixture.GAME)).at("/status"))
                .isEqualTo("APPROVED_EXECUTED");
        long voided = fixture.order("DEPOSIT", p2, 400);
        assertThat(fixture.approve(voided).at("/status")).isEqualTo("APPROVED_EXECUTED");
        assertThat(fixture.voidOrder(voided, "paid twice").at("/status")).isEqualTo("VOIDED");
        ExecutionFixture.await(Duration.ofSeconds(30), "the report rollups to catch up",
                () -> fixture.server.services().reports().rollupCaughtUp());
        // A day either side, so a run across midnight UTC still sees every row.
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        range = "from=" + today.minusDays(1) + "&to=" + today.plusDays(1);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static long order(String type, String playerId, long amount, String game) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("playerId", playerId);
        body.put("amount", amount);
        body.put("currency", "USD");
        body.put("gameName", game);
        body.put("source", Map.of("channel", "PORTAL"));
        var reply = fixture.clerk.post("/api/v1/orders", body);
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        return Long.parseLong(reply.at("/id"));
    }

    static JsonNode report(String name) {
        var reply = fixture.admin.get("/api/v1/reports/" + name + "?" + range);
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.body();
    }

    static long sum(JsonNode report, String column, Predicate<JsonNode> where) {
        long total = 0;
        for (JsonNode row : report.get("rows")) {
            if (where.test(row)) {
                total += row.get(column).asLong();
            }
        }
        return total;
    }

    static long sum(JsonNode report, String column) {
        return sum(report, column, row -> true);
    }

    static HttpResponse<byte[]> download(String name, String format) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(fixture.server.baseUrl() + "/api/v1/reports/" + name
                        + "/export?format=" + format + "&" + range))
                .header("Authorization", "Bearer " + fixture.admin.token()).GET().build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return response;
    }
}
