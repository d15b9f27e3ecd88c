package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.risk.RiskSettings;
import teller.server.support.ApiClient;
import teller.server.support.ApiClient.Reply;
import teller.server.support.TestServer;

/**
 * The approval preview and the people on an order over real HTTP (issues #12, #14): what the
 * preview says in plain words, that reading it changes nothing, who may read it, the "1 of 2" flow
 * as the preview and the order show it, and the deciders' usernames read with the page.
 */
class PreviewHttpTest {
    private static final AtomicInteger PLAYERS = new AtomicInteger();

    static ServerCore server;
    static ApiClient admin;
    static ApiClient maria;
    static ApiClient juan;
    static ApiClient auditor;
    static ApiClient viewer;

    @BeforeAll
    static void start() {
        server = TestServer.start(b -> b.sandboxProviders(true).risk(RiskSettings.none().withKycRequiredForWithdrawal(true)));
        admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        maria = admin.newOperator("maria", "APPROVER");
        juan = admin.newOperator("juan", "APPROVER");
        auditor = admin.newOperator("audrey", "AUDITOR");
        viewer = admin.newOperator("vic", "VIEWER");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aBlockedWithdrawalIsPreviewedInPlainWordsWithItsPostingsAndReadingItChangesNothing() {
        String player = player("EUR", 50_00);
        String order = submit("WITHDRAWAL", player, "EUR", 25_00);
        var data = new DatabaseFingerprint(server.database().dataSource());
        String before = data.take();

        Reply preview = maria.get("/api/v1/orders/" + order + "/preview");

        assertThat(preview.status()).as(preview.text()).isEqualTo(200);
        assertThat(preview.at("/orderId")).isEqualTo(order);
        assertThat(preview.body().get("canApprove").asBoolean()).isFalse();
        JsonNode kyc = check(preview, "KYC");
        assertThat(kyc.get("outcome").asText()).isEqualTo("BLOCK");
        assertThat(kyc.get("detail").asText()).isEqualTo("KYC status NONE; a withdrawal needs VERIFIED");
        assertThat(check(preview, "FUNDS").get("detail").asText()).isEqualTo("available 50.00 EUR covers 25.00 EUR");
        assertThat(check(preview, "PROVIDER").get("detail").asText()).isEqualTo("SANDBOX payout provider: executes nothing real");
        assertThat(postings(preview)).containsExactly(
                "player:" + player + ":wallet EUR 2500 HOLD", "house:payout_clearing:EUR EUR -2500 HOLD",
                "player:" + player + ":wallet EUR 2500 POST", "house:payout_clearing:EUR EUR -2500 POST");
        assertThat(data.take()).as("no row, no audit entry").isEqualTo(before);

        Reply refused = maria.post("/api/v1/orders/" + order + "/approve", Map.of());
        assertThat(refused.at("/error/code")).isEqualTo("KYC_NOT_VERIFIED");
        assertThat(admin.post("/api/v1/players/" + player + "/kyc", Map.of("status", "VERIFIED")).status()).isEqualTo(200);
        Reply now = maria.get("/api/v1/orders/" + order + "/preview");
        assertThat(now.body().get("canApprove").asBoolean()).as(now.text()).isTrue();
        assertThat(maria.post("/api/v1/orders/" + order + "/approve", Map.of()).at("/status")).isEqualTo("APPROVED_EXECUTED");
    }

    @Test
    void anAuditorReadsThePreviewButMayNotApproveAndAViewerMayNotReadIt() {
        String order = submit("DEPOSIT", player("USD", 0), "USD", 10_00);
        Reply seen = auditor.get("/api/v1/orders/" + order + "/preview");
        assertThat(seen.status()).as(seen.text()).isEqualTo(200);
        assertThat(seen.body().get("canApprove").asBoolean()).isFalse();
        assertThat(seen.body().get("checks").get(0).get("name").asText()).isEqualTo("ROLE");
        assertThat(seen.body().get("checks").get(0).get("outcome").asText()).isEqualTo("BLOCK");
        assertThat(maria.get("/api/v1/orders/" + order + "/preview").body().get("canApprove").asBoolean()).isTrue();
        assertThat(viewer.get("/api/v1/orders/" + order + "/preview").status()).isEqualTo(403);
        assertThat(maria.get("/api/v1/orders/987654321/preview").status()).isEqualTo(404);
    }

    @Test
    void aFirstOfTwoApprovalIsPreviewedAcceptedShownWithNamesAndThenBlockedForItsApprover() {
        assertThat(admin.send("PUT", "/api/v1/approval-policy/dual-approval/CHF", "{\"amountMin\":1000}", Map.of())
                .status()).isEqualTo(200);
        String player = player("CHF", 0);
        String order = submit("DEPOSIT", player, "CHF", 2_000);

        Reply first = maria.get("/api/v1/orders/" + order + "/preview");
        assertThat(first.body().get("canApprove").asBoolean()).isTrue();
        assertThat(check(first, "SECOND_APPROVER").get("outcome").asText()).isEqualTo("NEEDS_SECOND_APPROVER");
        assertThat(first.at("/approvals/label")).isEqualTo("0 of 2");

        Reply one = maria.post("/api/v1/orders/" + order + "/approve", Map.of());
        assertThat(one.status()).as(one.text()).isEqualTo(200);
        assertThat(one.at("/approvals/label")).isEqualTo("1 of 2");
        assertThat(one.at("/approvals/by/0/username")).isEqualTo("maria");
        assertThat(one.at("/approvals/by/0/at")).isNotNull();

        Reply again = maria.get("/api/v1/orders/" + order + "/preview");
        assertThat(again.body().get("canApprove").asBoolean()).isFalse();
        assertThat(check(again, "SECOND_APPROVER").get("outcome").asText()).isEqualTo("BLOCK");
        assertThat(check(again, "SECOND_APPROVER").get("detail").asText()).startsWith("you gave the first approval at ");
        Reply second = juan.get("/api/v1/orders/" + order + "/preview");
        assertThat(second.body().get("canApprove").asBoolean()).isTrue();
        assertThat(check(second, "SECOND_APPROVER").get("detail").asText()).startsWith("maria gave the first approval at ");

        Reply two = juan.post("/api/v1/orders/" + order + "/approve", Map.of());
        assertThat(two.at("/status")).as(two.text()).isEqualTo("APPROVED_EXECUTED");
        assertThat(two.at("/approvals/label")).isEqualTo("2 of 2");
        assertThat(usernames(two.body().get("approvals"))).containsExactly("maria", "juan");
        assertThat(two.at("/approvedByUsername")).isEqualTo("juan");
        Reply listed = viewer.get("/api/v1/orders?playerId=" + player);
        JsonNode item = listed.body().get("items").get(0);
        assertThat(usernames(item.get("approvals"))).containsExactly("maria", "juan");
        assertThat(item.get("approvedByUsername").asText()).isEqualTo("juan");
        assertThat(item.at("/createdBy/username").asText()).isEqualTo("admin");
    }

    @Test
    void theDecidersUsernamesComeWithTheOrder() {
        String player = player("USD", 20_00);
        String rejected = submit("DEPOSIT", player, "USD", 5_00);
        assertThat(maria.post("/api/v1/orders/" + rejected + "/reject", Map.of("reason", "no proof")).at("/rejectedByUsername"))
                .isEqualTo("maria");
        String executed = submit("DEPOSIT", player, "USD", 6_00);
        assertThat(juan.post("/api/v1/orders/" + executed + "/approve", Map.of()).status()).isEqualTo(200);
        Reply voided = admin.post("/api/v1/orders/" + executed + "/void", Map.of("reason", "charged back"));
        assertThat(voided.at("/voidedByUsername")).as(voided.text()).isEqualTo("admin");
        JsonNode detail = viewer.get("/api/v1/orders/" + executed).body();
        assertThat(detail.get("approvedByUsername").asText()).isEqualTo("juan");
        assertThat(detail.get("voidedByUsername").asText()).isEqualTo("admin");
        assertThat(viewer.get("/api/v1/orders/" + rejected).at("/rejectedByUsername")).isEqualTo("maria");
    }

    // ------------------------------------------------------------------ helpers

    /** A player with {@code funded} minor units in the wallet (an approved deposit). */
    private static String player(String currency, long funded) {
        String id = "pvh-" + PLAYERS.incrementAndGet();
        assertThat(admin.post("/api/v1/players", Map.of("id", id, "username", id, "currency", currency)).status())
                .isEqualTo(201);
        if (funded > 0) {
            String deposit = submit("DEPOSIT", id, currency, funded);
            // Entered by admin, so approved by someone else.
            assertThat(maria.post("/api/v1/orders/" + deposit + "/approve", Map.of()).at("/status"))
                    .isEqualTo("APPROVED_EXECUTED");
        }
        return id;
    }

    private static String submit(String type, String player, String currency, long amount) {
        Map<String, Object> body = new HashMap<>(Map.of("type", type, "playerId", player, "amount", amount,
                "currency", currency, "source", Map.of("channel", "PORTAL")));
        Reply created = admin.post("/api/v1/orders", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.at("/id");
    }

    private static JsonNode check(Reply preview, String name) {
        for (JsonNode check : preview.body().get("checks")) {
            if (check.get("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + preview.text());
    }

    private static List<String> postings(Reply preview) {
        List<String> all = new ArrayList<>();
        for (JsonNode p : preview.body().get("postings")) {
            all.add(p.get("account").asText() + " " + p.get("currency").asText() + " " + p.get("amount").asLong() + " "
                    + p.get("phase").asText());
        }
        return all;
    }

    private static List<String> usernames(JsonNode approvals) {
        List<String> names = new ArrayList<>();
        approvals.get("by").forEach(b -> names.add(b.get("username").asText()));
        return names;
    }
}
