package teller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.server.support.TestServer;
import teller.ui.api.OrderStatus;
import teller.ui.api.OrderType;
import teller.ui.api.OrderView;
import teller.ui.api.TellerClient;
import teller.ui.common.Dialogs;
import teller.ui.common.UiExecutors;
import teller.ui.queue.Outcome;
import teller.ui.queue.QueueViewModel;

/**
 * The approval queue's view model against a real server-core, with an inline executor: each
 * command has finished, its results applied, when it returns.
 */
class QueueViewModelTest {
    static ServerCore server;
    static Seed seed;
    static TellerClient client;

    /** Answers the reject dialog as the test says; records what it was asked. */
    static final class ScriptedDialogs implements Dialogs {
        Optional<String> answer = Optional.empty();
        final List<String> asked = new ArrayList<>();

        @Override
        public Optional<String> askRejectReason(String summary) {
            asked.add(summary);
            return answer;
        }
    }

    ScriptedDialogs dialogs;
    QueueViewModel queue;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        seed = new Seed(server);
        client = TellerClient.login(TellerClient.defaultHttpClient(), server.baseUrl(), "admin",
                TestServer.ADMIN_PASSWORD).client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void newScreen() {
        dialogs = new ScriptedDialogs();
        queue = new QueueViewModel(client, UiExecutors.inline(), dialogs);
    }

    private OrderView row(String orderId) {
        return queue.orders().stream().filter(o -> o.id().equals(orderId)).findFirst()
                .orElseThrow(() -> new AssertionError("order " + orderId + " is not in the queue " + ids()));
    }

    private List<String> ids() {
        return queue.orders().stream().map(OrderView::id).toList();
    }

    private void select(String orderId) {
        queue.refresh();
        queue.selectedProperty().set(row(orderId));
    }

    @Test
    void refreshListsPendingOrdersOldestFirstAndTheFilterNarrowsThemToOneType() {
        seed.player("q-list", "list.player", 100_00);
        String deposit = seed.order("DEPOSIT", "q-list", 10_00, null);
        String gameLoad = seed.order("GAME_LOAD", "q-list", 5_00, "Pusoy");

        queue.refresh();

        assertThat(queue.errorProperty().get()).isEmpty();
        assertThat(queue.loadingProperty().get()).isFalse();
        assertThat(ids()).containsSubsequence(deposit, gameLoad);
        assertThat(queue.orders()).allMatch(o -> o.status() == OrderStatus.PENDING_REVIEW);

        queue.typeFilterProperty().set(OrderType.GAME_LOAD);

        assertThat(ids()).contains(gameLoad).doesNotContain(deposit);
        assertThat(queue.orders()).allMatch(o -> o.type() == OrderType.GAME_LOAD);
    }

    @Test
    void loadMoreAppendsFurtherPagesUntilTheLastOne() {
        seed.player("q-page", "page.player", 0);
        List<String> mine = List.of(seed.order("WITHDRAWAL", "q-page", 1_00, null),
                seed.order("WITHDRAWAL", "q-page", 2_00, null), seed.order("WITHDRAWAL", "q-page", 3_00, null));
        QueueViewModel paged = new QueueViewModel(client, UiExecutors.inline(), dialogs, 2);
        paged.typeFilterProperty().set(OrderType.WITHDRAWAL);
        assertThat(paged.orders()).hasSize(2);
        assertThat(paged.hasMoreProperty().get()).isTrue();

        int guard = 0;
        while (paged.hasMoreProperty().get() && guard++ < 50) {
            paged.loadMore();
        }

        List<String> all = paged.orders().stream().map(OrderView::id).toList();
        assertThat(all).containsSubsequence(mine).doesNotHaveDuplicates();
        assertThat(paged.hasMoreProperty().get()).isFalse();
    }

    @Test
    void selectingAnOrderShowsItsPlayersBalanceAndExecutionTracking() {
        seed.player("q-detail", "detail.player", 75_00);
        String order = seed.order("DEPOSIT", "q-detail", 20_00, null);

        select(order);

        assertThat(queue.card().detailProperty().get().id()).isEqualTo(order);
        assertThat(queue.card().detailPlayerProperty().get().username()).isEqualTo("detail.player");
        assertThat(queue.card().detailPlayerProperty().get().balance()).isEqualTo(75_00);
        assertThat(queue.card().detailPlayerProperty().get().available()).isEqualTo(75_00);
        assertThat(queue.card().detailProperty().get().executionAttempts()).isZero();
        assertThat(queue.card().canDecideProperty().get()).isTrue();
    }

    @Test
    void approvingADepositShowsApprovedExecutedAndTheNewBalance() {
        seed.player("q-dep", "deposit.player", 50_00);
        String order = seed.order("DEPOSIT", "q-dep", 100_00, null);
        // This player's orders only: with others pending, the queue would move on to the next one.
        queue.filtersProperty().set(new teller.ui.queue.QueueFilters(null, null, "q-dep", null, null, null, null, null, null));
        select(order);

        queue.card().approve();

        Outcome outcome = queue.card().outcomeProperty().get();
        assertThat(outcome.kind()).isEqualTo(Outcome.Kind.EXECUTED);
        assertThat(outcome.code()).isEqualTo("APPROVED_EXECUTED");
        assertThat(outcome.title()).as("the console's words, not the status code").isEqualTo("Approved, done");
        assertThat(queue.card().detailProperty().get().status()).isEqualTo(OrderStatus.APPROVED_EXECUTED);
        assertThat(queue.card().detailProperty().get().approvedAt()).as("the order as the server answered").isNotNull();
        assertThat(queue.card().detailPlayerProperty().get().balance()).isEqualTo(150_00);
        assertThat(ids()).as("a decided order leaves the queue").doesNotContain(order);
        assertThat(queue.card().canDecideProperty().get()).isFalse();
        assertThat(seed.balance("q-dep")).isEqualTo(150_00);
    }

    @Test
    void approvingAGameLoadWhoseProviderIsNotConfiguredShowsTheRefusalAndChangesNothing() {
        seed.player("q-game", "game.player", 80_00);
        String order = seed.order("GAME_LOAD", "q-game", 30_00, "Tongits");
        select(order);

        // The preview knows the refusal before any approve is sent: Approve is off and says why.
        assertThat(queue.card().canApproveProperty().get()).isFalse();
        assertThat(queue.card().approveRefusalProperty().get()).contains("not configured");
        queue.card().approve();

        assertThat(queue.card().outcomeProperty().get()).as("nothing was sent").isNull();
        assertThat(seed.status(order)).isEqualTo("PENDING_REVIEW");
        assertThat(queue.card().detailPlayerProperty().get().available()).as("nothing was held").isEqualTo(80_00);
    }

    @Test
    void cancellingTheRejectDialogChangesNothing() {
        seed.player("q-cancel", "cancel.player", 0);
        String order = seed.order("DEPOSIT", "q-cancel", 5_00, null);
        select(order);
        dialogs.answer = Optional.empty();

        queue.card().reject();

        assertThat(dialogs.asked).containsExactly("Deposit #" + order + " of $5.00 for q-cancel");
        assertThat(queue.card().outcomeProperty().get()).isNull();
        assertThat(seed.status(order)).isEqualTo("PENDING_REVIEW");
    }

    @Test
    void rejectingWithAReasonRejectsTheOrderAndShowsTheReason() {
        seed.player("q-reject", "reject.player", 0);
        String order = seed.order("DEPOSIT", "q-reject", 7_00, null);
        select(order);
        dialogs.answer = Optional.of("proof is a screenshot of another transfer");

        queue.card().reject();

        assertThat(queue.card().outcomeProperty().get().kind()).isEqualTo(Outcome.Kind.REJECTED);
        assertThat(queue.card().detailProperty().get().rejectionReason()).isEqualTo("proof is a screenshot of another transfer");
        assertThat(seed.status(order)).isEqualTo("REJECTED");
        assertThat(ids()).doesNotContain(order);
    }

    @Test
    void blankReasonIsRefusedBeforeAnyRequest() {
        seed.player("q-blank", "blank.player", 0);
        String order = seed.order("DEPOSIT", "q-blank", 9_00, null);
        select(order);

        queue.card().reject("   ");

        assertThat(queue.card().outcomeProperty().get().kind()).isEqualTo(Outcome.Kind.ERROR);
        assertThat(queue.card().outcomeProperty().get().code()).isEqualTo("REASON_REQUIRED");
        assertThat(queue.card().outcomeProperty().get().title()).isEqualTo("Not rejected: a reason is needed");
        assertThat(seed.status(order)).isEqualTo("PENDING_REVIEW");
    }

    @Test
    void decidingAnOrderSomeoneElseDecidedShowsTheConflictAndTheOrderAsItIsNow() {
        seed.player("q-race", "race.player", 0);
        String order = seed.order("DEPOSIT", "q-race", 11_00, null);
        select(order);
        ApiClient colleague = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        assertThat(colleague.post("/api/v1/orders/" + order + "/reject", java.util.Map.of("reason", "duplicate request"))
                .status()).isEqualTo(200);

        queue.card().approve();

        Outcome outcome = queue.card().outcomeProperty().get();
        assertThat(outcome.kind()).isEqualTo(Outcome.Kind.ERROR);
        assertThat(outcome.code()).isEqualTo("ORDER_NOT_PENDING");
        assertThat(outcome.title()).isEqualTo("Not decided: order not pending");
        assertThat(queue.card().detailProperty().get().status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(seed.balance("q-race")).isZero();
    }

    @Test
    void aFailingServerShowsTheErrorInsteadOfAnEmptyQueue() {
        TellerClient forged = TellerClient.withToken(TellerClient.defaultHttpClient(), server.baseUrl(), "not-a-token");
        QueueViewModel signedOut = new QueueViewModel(forged, UiExecutors.inline(), dialogs);

        signedOut.refresh();

        assertThat(signedOut.errorProperty().get()).startsWith("Could not load the queue.").contains("UNAUTHENTICATED");
        assertThat(signedOut.loadingProperty().get()).isFalse();
    }

    @Test
    void liveOrderEventsReloadTheQueueAndKeepTheSelectedOrderSelected() {
        seed.player("vm-live", "vm.live", 0);
        String kept = seed.order("DEPOSIT", "vm-live", 3_00, null);
        select(kept);
        String arrived = seed.order("DEPOSIT", "vm-live", 4_00, null);
        assertThat(ids()).doesNotContain(arrived);

        queue.serverEvent("PLAYER_KYC_CHANGED", null);
        assertThat(ids()).as("events about other things change nothing").doesNotContain(arrived);

        queue.serverEvent("ORDER_CREATED", arrived);
        assertThat(ids()).contains(kept, arrived);
        assertThat(queue.selectedProperty().get().id()).isEqualTo(kept);
        assertThat(queue.card().detailProperty().get().id()).isEqualTo(kept);
    }

    @Test
    void forwardingAndFlagEventsReloadTheDetailOnlyWhenTheyConcernTheShownOrderOrItsPlayer() {
        seed.player("vm-detail", "vm.detail", 0);
        String shown = seed.order("DEPOSIT", "vm-detail", 6_00, null);
        select(shown);
        assertThat(queue.card().detailProperty().get().status()).isEqualTo(OrderStatus.PENDING_REVIEW);
        // Changed elsewhere; no order event is passed on, so only a detail reload can show it.
        ApiClient elsewhere = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        assertThat(elsewhere.post("/api/v1/orders/" + shown + "/reject", java.util.Map.of("reason", "checked")).status())
                .isEqualTo(200);

        queue.detailEvent("999999", "someone-else");
        assertThat(queue.card().detailProperty().get().status()).as("another order and player: no reload")
                .isEqualTo(OrderStatus.PENDING_REVIEW);

        queue.detailEvent(null, "vm-detail");
        assertThat(queue.card().detailProperty().get().status()).as("a flag on the shown order's player")
                .isEqualTo(OrderStatus.REJECTED);
    }
}
