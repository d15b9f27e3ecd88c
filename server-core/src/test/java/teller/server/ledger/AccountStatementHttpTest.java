package teller.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.provider.ProviderKind;
import teller.server.provider.ProviderSettings;
import teller.server.support.ApiClient.Reply;
import teller.server.support.ExecutionFixture;

/**
 * GET /ledger/accounts/{id}/entries as a statement: each entry carries the running balance after
 * it, equal to the posted entries up to it, and the figures agree however the statement is paged.
 */
class AccountStatementHttpTest {
    static ExecutionFixture f;
    static String player;
    static String wallet;
    static long load;
    static long withdrawal;

    @BeforeAll
    static void start() {
        f = ExecutionFixture.start(b -> b.providers(ProviderSettings.defaults(ProviderKind.GAME_LOAD, null, null),
                ProviderSettings.defaults(ProviderKind.PAYOUT, null, null)).sandboxProviders(true));
        player = f.fundedPlayer(10_000);
        long deposit = f.order("DEPOSIT", player, 2_500);
        assertThat(f.approve(deposit).status()).isEqualTo(200);
        load = f.order("GAME_LOAD", player, 3_000);
        assertThat(f.approve(load).at("/status")).isEqualTo("APPROVED_EXECUTED");
        Reply voided = f.voidOrder(load, "loaded to the wrong game");
        assertThat(voided.status()).as(voided.text()).isEqualTo(200);
        long small = f.order("GAME_LOAD", player, 400);
        assertThat(f.approve(small).at("/status")).isEqualTo("APPROVED_EXECUTED");
        wallet = f.admin.get("/api/v1/players/" + player).at("/walletAccountId");
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static List<JsonNode> statement(int limit) {
        List<JsonNode> lines = new ArrayList<>();
        String cursor = null;
        do {
            Reply page = f.admin.get("/api/v1/ledger/accounts/" + wallet + "/entries?limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            page.body().path("items").forEach(lines::add);
            JsonNode next = page.body().path("nextCursor");
            cursor = next.isNull() ? null : next.asText();
        } while (cursor != null);
        return lines;
    }

    @Test
    void eachEntryCarriesThePostedBalanceAfterIt() {
        List<JsonNode> lines = statement(500);
        assertThat(lines.size()).isGreaterThanOrEqualTo(5);
        // Recompute from the oldest entry: a wallet is a liability, so its balance is minus the ledger sum.
        long balance = 0;
        for (int i = lines.size() - 1; i >= 0; i--) {
            JsonNode line = lines.get(i);
            if ("POSTED".equals(line.path("status").asText())) {
                balance -= line.path("amount").asLong();
            }
            assertThat(line.path("balanceAfter").asLong()).as("entry " + line.path("id")).isEqualTo(balance);
        }
        long now = Long.parseLong(f.admin.get("/api/v1/players/" + player).at("/balance"));
        assertThat(lines.get(0).path("balanceAfter").asLong()).isEqualTo(now).isEqualTo(10_000 + 2_500 - 400);
    }

    @Test
    void aVoidShowsItsReversalWithTheBalanceRestored() {
        String reversal = f.order(load).path("reversalTransactionId").asText();
        List<JsonNode> lines = statement(500);
        JsonNode reversed = lines.stream().filter(l -> l.path("transactionId").asText().equals(reversal)).findFirst()
                .orElseThrow(() -> new AssertionError("no reversal " + reversal + " in " + lines));
        assertThat(reversed.path("amount").asLong()).isEqualTo(-3_000);
        assertThat(reversed.path("orderId").asText()).isEqualTo(String.valueOf(load));
        assertThat(reversed.path("balanceAfter").asLong()).isEqualTo(10_000 + 2_500);
    }

    @Test
    void pagesOfAnySizeGiveTheSameRunningBalances() {
        List<String> whole = statement(500).stream().map(l -> l.path("id").asText() + "=" + l.path("balanceAfter").asLong()).toList();
        for (int limit : new int[] {1, 2, 3}) {
            List<String> paged = statement(limit).stream()
                    .map(l -> l.path("id").asText() + "=" + l.path("balanceAfter").asLong()).toList();
            assertThat(paged).as("limit " + limit).containsExactlyElementsOf(whole);
        }
    }

    @Test
    void anUnknownAccountOrAForeignCursorIsRefused() {
        assertThat(f.admin.get("/api/v1/ledger/accounts/999999999/entries").status()).isEqualTo(404);
        Reply cursor = f.admin.get("/api/v1/ledger/accounts/" + wallet + "/entries?cursor=%21%21");
        assertThat(cursor.status()).isEqualTo(400);
        assertThat(cursor.at("/error/details/field")).isEqualTo("cursor");
    }
}
