package teller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.support.TestServer;
import teller.ui.api.OrderStatus;
import teller.ui.api.OrderView;
import teller.ui.api.TellerClient;
import teller.ui.common.UiExecutors;
import teller.ui.queue.QueueFilters;
import teller.ui.queue.QueueViewModel;
import teller.ui.queue.QueueViewModel.LiveChange;

/**
 * How the queue applies live order events (decision 0195), against a real server-core with the
 * requests the console sends counted: events wait for the next pulse and are applied together as one
 * change of the list, from the events themselves; a decision costs its one request, and the live
 * events that follow it load nothing.
 */
class QueueLiveEventsTest {
    static ServerCore server;
    static Seed seed;
    /** Every request the console's client sent, as "METHOD /path?query". */
    static final List<String> requests = new CopyOnWriteArrayList<>();
    static TellerClient client;
    static String adminId;

    /** The pulse: tasks run only when the test says the pulse came. */
    final List<Runnable> pulse = new ArrayList<>();
    QueueViewModel queue;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        seed = new Seed(server);
        OkHttpClient counting = TellerClient.defaultHttpClient().newBuilder().addInterceptor(chain -> {
            requests.add(chain.request().method() + " " + chain.request().url().encodedPath()
                    + (chain.request().url().encodedQuery() == null ? "" : "?" + chain.request().url().encodedQuery()));
            return chain.proceed(chain.request());
        }).build();
        TellerClient.SignedIn signedIn = TellerClient.login(counting, server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        client = signedIn.client();
        adminId = signedIn.login().operator().id();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void newScreen() {
        queue = new QueueViewModel(client, UiExecutors.inline(), 2, new teller.ui.queue.DecisionCardViewModel(
                client, UiExecutors.inline(), new QueueViewModelTest.ScriptedDialogs(), null, false));
        queue.configure(adminId, java.time.Clock.systemUTC(), null);
        queue.setLivePulse(pulse::add);
    }

    private void runPulse() {
        List<Runnable> due = List.copyOf(pulse);
        pulse.clear();
        due.forEach(Runnable::run);
    }

    private List<String> ids() {
        return queue.orders().stream().map(OrderView::id).toList();
    }

    private static List<String> listRequests() {
        return requests.stream().filter(r -> r.startsWith("GET /api/v1/orders?")).toList();
    }

    @Test
    void aThousandEventsInOnePulseAreOneChangeOfTheListAndLoadNothing() {
        seed.player("live-burst", "live.burst", 0);
        String first = seed.order("DEPOSIT", "live-burst", 1_00, null);
        String second = seed.order("DEPOSIT", "live-burst", 2_00, null);
        seed.order("DEPOSIT", "live-burst", 3_00, null);
        queue.filtersProperty().set(new QueueFilters(null, null, "live-burst", null, null, null, null, null, null));
        assertThat(ids()).containsExactly(first, second);
        assertThat(queue.hasMoreProperty().get()).as("a third order waits on the next page").isTrue();
        requests.clear();

        for (int i = 0; i < 998; i++) {
            // New orders arrive; with more pages waiting they belong past the last loaded one.
            queue.serverEvent(new LiveChange("ORDER_CREATED", "9" + i, OrderStatus.PENDING_REVIEW, null, null));
        }
        // A change of an order that is not listed (on a page not loaded): nothing to read.
        queue.serverEvent(new LiveChange("ORDER_UPDATED", "98765", OrderStatus.PENDING_REVIEW, null, null));
        queue.serverEvent(new LiveChange("ORDER_REJECTED", first, OrderStatus.REJECTED, null, null));
        assertThat(pulse).as("one pulse task for the whole burst").hasSize(1);
        assertThat(ids()).as("nothing applied before the pulse").containsExactly(first, second);

        runPulse();

        assertThat(ids()).as("the rejected order left, nothing was added").containsExactly(second);
        assertThat(queue.liveListChanges()).as("one change of the list for 1,000 events").isEqualTo(1);
        assertThat(requests).as("applied from the events: no reload, no read").isEmpty();
    }

    @Test
    void aClaimByAnotherOperatorShowsOnItsRowFromTheEvent() {
        seed.player("live-claim", "live.claim", 0);
        String order = seed.order("DEPOSIT", "live-claim", 4_00, null);
        queue.filtersProperty().set(new QueueFilters(null, null, "live-claim", null, null, null, null, null, null));
        requests.clear();
        Instant until = Instant.parse("2030-01-01T00:00:00Z");

        queue.serverEvent(new LiveChange("ORDER_CLAIMED", order, OrderStatus.PENDING_REVIEW,
                new OrderView.Person("op-other", "bea"), until));
        runPulse();

        OrderView row = queue.orders().get(0);
        assertThat(row.claimedBy().username()).isEqualTo("bea");
        assertThat(row.claimExpiresAt()).isEqualTo(until);
        assertThat(requests).as("the row is updated from the event").isEmpty();

        queue.serverEvent(new LiveChange("ORDER_RELEASED", order, OrderStatus.PENDING_REVIEW,
                new OrderView.Person("op-other", "bea"), null));
        runPulse();
        assertThat(queue.orders().get(0).claimedBy()).isNull();
        assertThat(requests).isEmpty();
    }

    @Test
    void aDecisionCostsOneRequestAndTheLiveEventsThatFollowLoadNothing() {
        seed.player("live-decide", "live.decide", 0);
        String decided = seed.order("DEPOSIT", "live-decide", 5_00, null);
        String next = seed.order("DEPOSIT", "live-decide", 6_00, null);
        queue.filtersProperty().set(new QueueFilters(null, null, "live-decide", null, null, null, null, null, null));
        queue.selectedProperty().set(queue.orders().get(0));
        assertThat(queue.card().detailProperty().get().id()).isEqualTo(decided);
        requests.clear();

        queue.card().approve();

        assertThat(requests.stream().filter(r -> r.matches("\\w+ /api/v1/orders/" + decided + "(/.*)?(\\?.*)?")))
                .as("the decision's one request")
                .containsExactly("POST /api/v1/orders/" + decided + "/approve");
        assertThat(listRequests()).as("no reload of the list").isEmpty();
        assertThat(ids()).as("the answer's order left the list").containsExactly(next);
        assertThat(queue.selectedProperty().get().id()).isEqualTo(next);
        requests.clear();

        // The events the decision and the next order's claim bring.
        queue.serverEvent(new LiveChange("ORDER_RELEASED", decided, OrderStatus.APPROVED_EXECUTED,
                new OrderView.Person(queue.operatorId(), "admin"), null));
        queue.serverEvent(new LiveChange("ORDER_APPROVED", decided, OrderStatus.APPROVED_EXECUTED, null, null));
        queue.serverEvent(new LiveChange("ORDER_CLAIMED", next, OrderStatus.PENDING_REVIEW,
                new OrderView.Person(queue.operatorId(), "admin"), Instant.parse("2030-01-01T00:00:00Z")));
        runPulse();

        assertThat(requests).as("the events that follow a decision load nothing").isEmpty();
        assertThat(ids()).containsExactly(next);
        assertThat(queue.selectedProperty().get().id()).isEqualTo(next);
    }

    @Test
    void aDecisionWhoseLiveEventComesBeforeItsAnswerMovesOnToTheOrderAfterIt() {
        // Answers wait until the test lets them in, as the FX thread's queue does on a busy machine.
        List<Runnable> answers = new ArrayList<>();
        UiExecutors later = new UiExecutors(Runnable::run, answers::add);
        QueueViewModel busy = new QueueViewModel(client, later, 10, new teller.ui.queue.DecisionCardViewModel(
                client, later, new QueueViewModelTest.ScriptedDialogs(), null, false));
        busy.configure(adminId, java.time.Clock.systemUTC(), null);
        busy.setLivePulse(pulse::add);
        seed.player("live-race", "live.race", 0);
        String first = seed.order("DEPOSIT", "live-race", 1_00, null);
        String decided = seed.order("DEPOSIT", "live-race", 2_00, null);
        String after = seed.order("DEPOSIT", "live-race", 3_00, null);
        busy.filtersProperty().set(new QueueFilters(null, null, "live-race", null, null, null, null, null, null));
        drain(answers);
        busy.selectedProperty().set(busy.orders().get(1));
        drain(answers);
        assertThat(busy.card().detailProperty().get().id()).isEqualTo(decided);

        busy.card().approve();
        // The order's event reaches the list on a pulse before the approval's answer is applied.
        busy.serverEvent(new LiveChange("ORDER_APPROVED", decided, OrderStatus.APPROVED_EXECUTED, null, null));
        runPulse();
        assertThat(busy.orders().stream().map(OrderView::id).toList()).containsExactly(first, after);
        drain(answers);

        assertThat(busy.selectedProperty().get().id()).as("the order after the decided one, not the list's first")
                .isEqualTo(after);
    }

    /** Applies the answers that came back, and those their handlers asked for, until none is left. */
    private static void drain(List<Runnable> answers) {
        while (!answers.isEmpty()) {
            answers.remove(0).run();
        }
    }

    @Test
    void aNewOrderWhenTheWholeQueueIsLoadedReloadsItOnce() {
        seed.player("live-end", "live.end", 0);
        String shown = seed.order("DEPOSIT", "live-end", 7_00, null);
        queue.filtersProperty().set(new QueueFilters(null, null, "live-end", null, null, null, null, null, null));
        assertThat(queue.hasMoreProperty().get()).isFalse();
        String arrived = seed.order("DEPOSIT", "live-end", 8_00, null);
        requests.clear();

        queue.serverEvent(new LiveChange("ORDER_CREATED", arrived, OrderStatus.PENDING_REVIEW, null, null));
        queue.serverEvent(new LiveChange("ORDER_CREATED", "999999", OrderStatus.PENDING_REVIEW, null, null));
        runPulse();

        assertThat(ids()).containsExactly(shown, arrived);
        assertThat(listRequests()).as("one reload for the pulse's events").hasSize(1);
        assertThat(queue.errorProperty().get()).isEmpty();
    }
}
