package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import teller.server.orders.OrderIntakeService;
import teller.server.support.ApiClient.Reply;

/** Issue 17: an order from the CHAT channel is a GAME_LOAD or nothing; a chat game load gets the deterministic key. */
class ChatOrdersHttpTest extends HttpApiFixture {

    private static Map<String, Object> chatOrder(String type, String player, long amount, String game, String conversation) {
        Map<String, Object> body = new LinkedHashMap<>(order(type, player, amount, game));
        body.put("source", Map.of("channel", "CHAT", "conversationId", conversation));
        return body;
    }

    @Test
    void aDepositOrAWithdrawalFromChatIsRefusedNamingTheTypeAndNothingIsWritten() {
        String player = newPlayer();
        refused(clerk, "/api/v1/orders", chatOrder("DEPOSIT", player, 500, null, "conv-d"), 422, "type");
        refused(clerk, "/api/v1/orders", chatOrder("WITHDRAWAL", player, 500, null, "conv-w"),
                Map.of("Idempotency-Key", "chat-w-1"), 422, "type");
        Reply reply = clerk.post("/api/v1/orders", chatOrder("DEPOSIT", player, 500, null, "conv-d"));
        assertError(reply, "CHAT_ORDER_TYPE");
        assertThat(reply.at("/error/message")).contains("GAME_LOAD");
    }

    @Test
    void aChatGameLoadWithoutAKeyGetsTheDeterministicChatKeyAndARepeatFindsTheSameOrder() {
        String player = newPlayer();
        Reply first = clerk.post("/api/v1/orders", chatOrder("GAME_LOAD", player, 700, "Pusoy", "conv-77"));
        assertThat(first.status()).as(first.text()).isEqualTo(201);
        assertThat(first.at("/source/channel")).isEqualTo("CHAT");
        assertThat(first.at("/idempotencyKey")).isEqualTo(OrderIntakeService.chatKey(player, "conv-77", "Pusoy", 700));

        Reply again = clerk.post("/api/v1/orders", chatOrder("GAME_LOAD", player, 700, "Pusoy", "conv-77"));
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.at("/id")).isEqualTo(first.at("/id"));
        assertThat(again.body().get("duplicate").asBoolean()).isTrue();

        Reply other = clerk.post("/api/v1/orders", chatOrder("GAME_LOAD", player, 701, "Pusoy", "conv-77"));
        assertThat(other.status()).as("another amount is another order").isEqualTo(201);
        assertThat(other.at("/id")).isNotEqualTo(first.at("/id"));
    }
}
