package teller.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.proof.ProofFixtures;
import teller.server.risk.FraudSettings;
import teller.server.support.ApiClient;
import teller.server.support.TestServer;

/**
 * The risk-exposure report on data whose figures are worked out by hand:
 * <pre>
 *   safe1 (USD)  pending DEPOSIT 1000, pending GAME_LOAD 300 on Pusoy; an executed deposit of 10000 and a
 *                rejected deposit of 777 (neither is pending)
 *   risky1 (USD) pending DEPOSIT 2000 and DEPOSIT 500 with the same proof: one DUPLICATE_PROOF flag, 50 points, RISKY
 *   eur1 (EUR)   pending GAME_LOAD 700 on Pusoy and 50 on Tongits
 *
 *   pendingByLevel         SAFE USD 2 orders 1300 (1 player); SAFE EUR 2 orders 750 (1); RISKY USD 2 orders 2500 (1)
 *   openFlagsByRule        DUPLICATE_PROOF 1 flag, 1 order, 1 player
 *   pendingGameLoadsByGame Pusoy EUR 1 order 700; Pusoy USD 1 order 300; Tongits EUR 1 order 50
 *   summary                pending USD 1300 + 2500 = 3800, EUR 750; needing a supervisor USD 2500; 1 open flag
 * </pre>
 */
class RiskExposureReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static ServerCore server;
    static ApiClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start(b -> b.fraud(FraudSettings.defaults()));
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        admin.post("/api/v1/operators", Map.of("username", "sup", "password", "sup-password-1", "roles",
                List.of("SUPERVISOR")));
        ApiClient supervisor = ApiClient.signedIn(server.baseUrl(), "sup", "sup-password-1");
        player("safe1", "USD");
        player("risky1", "USD");
        player("eur1", "EUR");
        String proof = ProofFixtures.base64(ProofFixtures.image("png", 4, 4, 42));

        order("DEPOSIT", "safe1", 1_000, "USD", null, null);
        order("GAME_LOAD", "safe1", 300, "USD", "Pusoy", null);
        String executed = order("DEPOSIT", "safe1", 10_000, "USD", null, null);
        assertThat(supervisor.post("/api/v1/orders/" + executed + "/approve", Map.of()).status()).isEqualTo(200);
        String rejected = order("DEPOSIT", "safe1", 777, "USD", null, null);
        assertThat(supervisor.post("/api/v1/orders/" + rejected + "/reject", Map.of("reason", "unreadable")).status())
                .isEqualTo(200);
        order("DEPOSIT", "risky1", 2_000, "USD", null, proof);
        order("DEPOSIT", "risky1", 500, "USD", null, proof);
        order("GAME_LOAD", "eur1", 700, "EUR", "Pusoy", null);
        order("GAME_LOAD", "eur1", 50, "EUR", "Tongits", null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void player(String id, String currency) {
        assertThat(admin.post("/api/v1/players", Map.of("id", id, "username", "user-" + id, "currency", currency))
                .status()).isEqualTo(201);
    }

    private static String order(String type, String playerId, long amount, String currency, String game, String proof) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("playerId", playerId);
        body.put("amount", amount);
        body.put("currency", currency);
        if (game != null) {
            body.put("gameName", game);
        }
        if (proof != null) {
            body.put("proofImage", proof);
        }
        var reply = admin.post("/api/v1/orders", body);
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        return reply.at("/id");
    }

    private static List<List<String>> rows(JsonNode report) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode row : report.get("rows")) {
            List<String> values = new ArrayList<>();
            report.get("columns").forEach(c -> values.add(row.get(c.asText()).asText()));
            rows.add(values);
        }
        return rows;
    }

    private static final List<List<String>> EXPECTED = List.of(
            List.of("pendingByLevel", "SAFE", "EUR", "2", "750", "0", "1"),
            List.of("pendingByLevel", "SAFE", "USD", "2", "1300", "0", "1"),
            List.of("pendingByLevel", "RISKY", "USD", "2", "2500", "0", "1"),
            List.of("openFlagsByRule", "DUPLICATE_PROOF", "", "1", "0", "1", "1"),
            List.of("pendingGameLoadsByGame", "Pusoy", "EUR", "1", "700", "0", "1"),
            List.of("pendingGameLoadsByGame", "Pusoy", "USD", "1", "300", "0", "1"),
            List.of("pendingGameLoadsByGame", "Tongits", "EUR", "1", "50", "0", "1"));

    @Test
    void riskExposureShowsPendingMoneyByLevelOpenFlagsByRuleAndPendingGameLoadsByGame() {
        var reply = admin.get("/api/v1/reports/risk-exposure");
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        JsonNode report = reply.body();
        assertThat(report.at("/name").asText()).isEqualTo("risk-exposure");
        assertThat(rows(report)).containsExactlyElementsOf(EXPECTED);
        assertThat(report.at("/summary/pendingAmountByCurrency/USD").asLong()).isEqualTo(3_800);
        assertThat(report.at("/summary/pendingAmountByCurrency/EUR").asLong()).isEqualTo(750);
        assertThat(report.at("/summary/pendingAmountNeedingSupervisorByCurrency/USD").asLong()).isEqualTo(2_500);
        assertThat(report.at("/summary/pendingAmountNeedingSupervisorByCurrency").has("EUR")).isFalse();
        assertThat(report.at("/summary/openFlags").asLong()).isEqualTo(1);
    }

    private static byte[] download(String format) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/reports/risk-exposure/export?format="
                + format)).header("Authorization", "Bearer " + admin.token()).GET().build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return response.body();
    }

    /** The files for people write the amount (column 4) in dollars or euros with cents; JSON keeps cents. */
    private static List<List<String>> inMajorUnits(List<List<String>> rows) {
        return rows.stream().map(r -> {
            List<String> copy = new ArrayList<>(r);
            copy.set(4, java.math.BigDecimal.valueOf(Long.parseLong(r.get(4)), 2).toPlainString());
            return List.copyOf(copy);
        }).toList();
    }

    @Test
    void riskExposureExportsAsCsvXlsxAndJsonWithTheSameFigures() throws Exception {
        List<List<String>> csv = ReportExportsApiTest.parseCsv(new String(download("csv"), StandardCharsets.UTF_8));
        assertThat(csv.get(0)).containsExactly("Section", "Group", "Currency", "Orders", "Amount", "Flags", "Players");
        assertThat(csv.subList(1, csv.size())).containsExactlyElementsOf(inMajorUnits(EXPECTED));

        List<List<String>> sheet = new ArrayList<>();
        try (var workbook = new ReadableWorkbook(new ByteArrayInputStream(download("xlsx")));
             var stream = workbook.getFirstSheet().openStream()) {
            stream.forEach(row -> {
                List<String> line = new ArrayList<>();
                for (int i = 0; i < row.getCellCount(); i++) {
                    var cell = row.getCell(i);
                    line.add(cell == null ? "" : cell.getType() == CellType.NUMBER
                            ? cell.asNumber().toPlainString() : cell.getText());
                }
                sheet.add(line);
            });
        }
        assertThat(sheet).containsSubsequence(inMajorUnits(EXPECTED));

        JsonNode json = JSON.readTree(download("json"));
        assertThat(rows(json)).containsExactlyElementsOf(EXPECTED);
    }

    @Test
    void anApproverMayNotReadTheRiskExposureReport() {
        admin.post("/api/v1/operators", Map.of("username", "clerk", "password", "clerk-password-1", "roles",
                List.of("APPROVER")));
        ApiClient clerk = ApiClient.signedIn(server.baseUrl(), "clerk", "clerk-password-1");
        assertThat(clerk.get("/api/v1/reports/risk-exposure").status()).isEqualTo(403);
    }
}
