package teller.server.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static teller.server.support.ExecutionFixture.key;
import static teller.server.support.FakeProvider.Behaviour.FAIL_5XX;
import static teller.server.support.FakeProvider.Behaviour.REFUSE;
import static teller.server.support.FakeProvider.Behaviour.REFUSE_UNAVAILABLE;
import static teller.server.support.FakeProvider.Behaviour.SUCCEED;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.provider.ProviderKind;
import teller.server.provider.ProviderSettings;
import teller.server.support.ExecutionFixture;
import teller.server.support.FakeProvider;

/**
 * AUTO_RETRY_WHEN_PROVIDER_RECOVERS=true against a fake game-load provider that goes down (5xx),
 * opens the breaker, and comes back: the orders that failed because it was down execute on their
 * own once the breaker leaves OPEN, as SYSTEM; a refusal and an order out of attempts are left alone.
 */
class AutoRetryTest {
    static final Duration BREAKER_OPEN = Duration.ofSeconds(4);
    static final int ATTEMPTS_MAX = 3;
    static FakeProvider provider;
    static ExecutionFixture teller;

    @BeforeAll
    static void start() {
        provider = FakeProvider.start();
        ProviderSettings gameLoad = new ProviderSettings(ProviderKind.GAME_LOAD, provider.baseUrl(), FakeProvider.TOKEN,
                Duration.ofMillis(1_500), ATTEMPTS_MAX, Duration.ofMillis(20), Duration.ofMillis(50), 4, 50f, BREAKER_OPEN);
        teller = ExecutionFixture.start(b -> b.providers(gameLoad,
                        ExecutionFixture.fastSettings(ProviderKind.PAYOUT, provider.baseUrl()))
                .autoRetryWhenProviderRecovers(true));
    }

    @AfterAll
    static void stop() {
        teller.close();
        provider.close();
    }

    @Test
    void ordersThatFailedWhileTheProviderWasDownExecuteOnceItRecovers() {
        String player = teller.fundedPlayer(20_000);
        long refused = teller.order("GAME_LOAD", player, 1_000);
        provider.script(key(refused, 1), REFUSE);
        assertThat(teller.approve(refused).at("/status")).isEqualTo("APPROVED_FAILED");
        long unavailable = teller.order("GAME_LOAD", player, 2_000);
        provider.script(key(unavailable, 1), REFUSE_UNAVAILABLE);
        assertThat(teller.approve(unavailable).at("/status")).isEqualTo("APPROVED_FAILED");
        assertThat(teller.order(unavailable).at("/executionResult/errorCode").asText()).isEqualTo("GAME_LOAD_API_UNAVAILABLE");

        // The provider goes down: 5xx open the breaker during the next approval.
        provider.defaultBehaviour(FAIL_5XX);
        long exhausted = teller.order("GAME_LOAD", player, 3_000);
        assertThat(teller.approve(exhausted).at("/status")).isEqualTo("APPROVED_FAILED");
        assertThat(breaker()).isEqualTo("OPEN");
        assertThat(teller.order(exhausted).at("/executionResult/errorCode").asText()).isEqualTo("GAME_LOAD_API_ERROR");
        // As if it had used all its attempts already: the bound leaves it to a person.
        teller.server.database().jdbi().useHandle(h -> h.execute(
                "UPDATE orders SET execution_attempts = ? WHERE id = ?", ATTEMPTS_MAX, exhausted));
        long pending = teller.order("GAME_LOAD", player, 500);
        assertThat(teller.approve(pending).status()).as("refused up front while OPEN").isEqualTo(503);

        // The provider comes back. Nobody presses Retry.
        provider.defaultBehaviour(SUCCEED);
        ExecutionFixture.await(BREAKER_OPEN.plusSeconds(30), "the order failed by a down provider to execute on its own",
                () -> teller.status(unavailable).equals("APPROVED_EXECUTED"));

        assertThat(provider.succeededKeysOfOrder(unavailable)).containsExactly(key(unavailable, 2));
        assertThat(teller.status(refused)).as("a refusal is the provider's answer, never retried on its own")
                .isEqualTo("APPROVED_FAILED");
        assertThat(provider.requests(key(refused, 2))).isZero();
        assertThat(teller.status(exhausted)).as("out of attempts").isEqualTo("APPROVED_FAILED");
        assertThat(provider.requests(key(exhausted, ATTEMPTS_MAX + 1))).isZero();
        assertThat(teller.status(pending)).as("a pending order waits for its approver").isEqualTo("PENDING_REVIEW");
        JsonNode audit = teller.admin.get("/api/v1/audit?action=ORDER_RETRY&resourceId=" + unavailable).body().get("items");
        assertThat(audit).singleElement().satisfies(row -> {
            assertThat(row.get("actorType").asText()).isEqualTo("SYSTEM");
            assertThat(row.get("actorId").asText()).isEqualTo("auto-retry");
        });
        teller.assertLedgerClean();
    }

    private static String breaker() {
        for (JsonNode p : teller.admin.get("/api/v1/providers").body().get("items")) {
            if (p.get("id").asText().equals("GAME_LOAD")) {
                return p.at("/breaker/state").asText();
            }
        }
        throw new AssertionError("no GAME_LOAD provider");
    }
}
