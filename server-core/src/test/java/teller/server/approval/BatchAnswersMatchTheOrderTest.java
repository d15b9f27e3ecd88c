package teller.server.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.common.Actor;
import teller.server.common.ActorType;
import teller.server.db.PgClaimOwners;
import teller.server.db.PgIdempotencyRecords;
import teller.server.orders.IntakeRequest;
import teller.server.orders.ListedOrder;
import teller.server.support.DomainGraph;

/**
 * A batch renders its answers before it applies them (decision 0170): from what the rules decided,
 * the transaction's time and the posting ids drawn in its first round trip. Each answer must be the
 * order exactly as a read after the commit shows it, people included, for operators and the
 * Telegram bot, for postings and for first approvals of orders that need two.
 */
class BatchAnswersMatchTheOrderTest {
    private static DomainGraph graph;
    private static PgClaimOwners owners;
    private static PgIdempotencyRecords records;
    private static final List<Actor> approvers = new ArrayList<>();

    @BeforeAll
    static void start() {
        graph = new DomainGraph(Map.of());
        owners = new PgClaimOwners(graph.database);
        records = new PgIdempotencyRecords(graph.tx, owners);
        for (String name : new String[] {"answers-one", "answers-two"}) {
            String id = graph.jdbi().withHandle(h -> h.createQuery("""
                            INSERT INTO operators (username, password_hash, roles) VALUES (:u, 'not-a-hash', ARRAY['APPROVER'])
                            RETURNING id::text""").bind("u", name).mapTo(String.class).one());
            approvers.add(new Actor(ActorType.OPERATOR, id, name, "127.0.0.1"));
        }
        graph.jdbi().useHandle(h -> h.createUpdate(
                "INSERT INTO dual_approval_thresholds (currency, amount_min) VALUES ('EUR', 10000)").execute());
    }

    @AfterAll
    static void stop() {
        owners.close();
        graph.close();
    }

    private static long deposit(String player, String currency, long amount) {
        return graph.intake.submit(new IntakeRequest("DEPOSIT", player, amount, currency, null, null, "API", null, null),
                null, DomainGraph.integration()).order().id();
    }

    @Test
    void everyAnswerIsTheOrderAsReadAfterTheCommit() {
        Actor one = approvers.get(0);
        Actor bot = new Actor(ActorType.TELEGRAM_BOT, approvers.get(1).id(), "telegram", "telegram");
        graph.player("answers-usd", "USD");
        graph.player("answers-eur", "EUR");
        long plain = deposit("answers-usd", "USD", 500);
        long byBot = deposit("answers-usd", "USD", 700);
        long needsTwo = deposit("answers-eur", "EUR", 20_000);
        long twoInOneBatch = deposit("answers-eur", "EUR", 30_000);
        List<DepositApproval> batch = List.of(
                new DepositApproval(plain, one, "first", TestReceipts.of(records, "answers", "k-plain", plain)),
                new DepositApproval(byBot, bot, null, null),
                new DepositApproval(needsTwo, one, "one of two", TestReceipts.of(records, "answers", "k-two", needsTwo)),
                new DepositApproval(twoInOneBatch, one, null, null),
                new DepositApproval(twoInOneBatch, bot, "second", null));
        List<DepositBatch.Answer> answers = graph.deposits.decideAsOneBatch(batch);

        assertThat(answers).extracting(a -> a.outcome() == null ? a.refusal().toString() : a.outcome().kind().name())
                .containsExactly("APPROVED", "APPROVED", "FIRST_APPROVAL_RECORDED", "FIRST_APPROVAL_RECORDED",
                        "APPROVED");
        for (int i = 0; i < batch.size(); i++) {
            ListedOrder answered = answers.get(i).outcome().listed();
            if (i == 3) {
                continue; // the same order's later answer in the batch is the one the order ends as
            }
            ListedOrder read = graph.orders.listed(batch.get(i).orderId());
            assertThat(answered).as("answer %d", i).isEqualTo(read);
        }
        assertThat(answers.get(0).outcome().listed().people().approvedByUsername()).isEqualTo("answers-one");
        assertThat(answers.get(1).outcome().listed().people().approvedByUsername()).isEqualTo("answers-two");
        assertThat(answers.get(0).outcome().ledgerTransactionId())
                .isEqualTo(answers.get(0).outcome().listed().order().execution().postingTransactionId());
        assertThat(graph.count("SELECT count(*) FROM idempotency_records WHERE principal = 'answers' "
                + "AND status_code = 200 AND response_body IS NOT NULL")).isEqualTo(2);
    }
}
