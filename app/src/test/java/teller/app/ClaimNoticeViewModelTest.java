package teller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.server.support.DomainGraph;
import teller.server.support.TestServer;
import teller.ui.api.OrderView;
import teller.ui.api.TellerClient;
import teller.ui.common.UiExecutors;
import teller.ui.queue.DecisionCardViewModel;
import teller.ui.queue.Outcome;
import teller.ui.queue.QueueViewModel;

/**
 * Another operator's claim as the card shows it (issue 12): "being reviewed by juan (5 min)", counted
 * down from the injected clock (the server and the console share it here), never as an instant; once
 * the claim ends by itself the order is this operator's to claim and decide.
 */
class ClaimNoticeViewModelTest {
    static final DomainGraph.MutableClock clock = new DomainGraph.MutableClock();
    static ServerCore server;
    static Seed seed;
    static ApiClient juan;
    static TellerClient.SignedIn maria;

    @BeforeAll
    static void start() {
        server = TestServer.start(clock, b -> b);
        seed = new Seed(server);
        ApiClient admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        juan = admin.newOperator("juan", "APPROVER");
        admin.newOperator("maria", "APPROVER");
        maria = TellerClient.login(TellerClient.defaultHttpClient(), server.baseUrl(), "maria", "maria-password-1");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private QueueViewModel queueOf(String playerId) {
        QueueViewModel queue = new QueueViewModel(maria.client(), UiExecutors.inline(), summary -> Optional.of("no"));
        queue.configure(maria.login().operator().id(), clock, null);
        queue.filtersProperty().set(new teller.ui.queue.QueueFilters(null, null, playerId, null, null, null, null, null, null));
        return queue;
    }

    private static OrderView row(QueueViewModel queue, String orderId) {
        return queue.orders().stream().filter(o -> o.id().equals(orderId)).findFirst().orElseThrow();
    }

    @Test
    void anotherOperatorsClaimCountsDownItsMinutesOnTheCardAndFreesTheOrderWhenItEnds() {
        seed.player("claim-1", "claim.one", 0);
        String order = seed.order("DEPOSIT", "claim-1", 8_00, null);
        assertThat(juan.post("/api/v1/orders/" + order + "/claim", Map.of()).status()).isEqualTo(200);
        QueueViewModel queue = queueOf("claim-1");
        queue.refresh();
        queue.selectedProperty().set(row(queue, order));
        DecisionCardViewModel card = queue.card();

        assertThat(card.claimNoticeProperty().get()).isEqualTo("being reviewed by juan (5 min)");
        assertThat(card.canDecideProperty().get()).isFalse();

        clock.advance(Duration.ofSeconds(130));
        card.tick();
        assertThat(card.claimNoticeProperty().get()).as("the minutes go down as time passes")
                .isEqualTo("being reviewed by juan (3 min)");

        clock.advance(Duration.ofSeconds(200));
        card.tick();
        assertThat(card.claimNoticeProperty().get()).as("juan's claim ended by itself").isEmpty();
        assertThat(card.canDecideProperty().get()).isTrue();
        assertThat(juan.post("/api/v1/orders/" + order + "/claim", Map.of()).status())
                .as("maria holds the order now").isEqualTo(409);
    }

    @Test
    void aDecisionRefusedBecauseAnotherOperatorClaimedTheOrderSaysWhoAndForHowLongInWords() {
        seed.player("claim-2", "claim.two", 0);
        String order = seed.order("DEPOSIT", "claim-2", 9_00, null);
        QueueViewModel queue = queueOf("claim-2");
        queue.refresh();
        queue.selectedProperty().set(row(queue, order));
        DecisionCardViewModel card = queue.card();
        assertThat(card.canDecideProperty().get()).isTrue();
        // maria's claim goes (e.g. it ran out while she was away) and juan claims the order before she decides.
        maria.client().releaseClaim(order);
        assertThat(juan.post("/api/v1/orders/" + order + "/claim", Map.of()).status()).isEqualTo(200);

        card.reject("duplicate");

        Outcome outcome = card.outcomeProperty().get();
        assertThat(outcome.code()).isEqualTo("ORDER_CLAIMED");
        assertThat(outcome.title()).isEqualTo("Not decided: another operator is reviewing it");
        assertThat(outcome.message()).isEqualTo("This order is being reviewed by juan (5 min); it can be decided"
                + " once they move on or their claim ends.").doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T");
        assertThat(card.claimNoticeProperty().get()).isEqualTo("being reviewed by juan (5 min)");
        assertThat(seed.status(order)).isEqualTo("PENDING_REVIEW");
    }
}
