package teller.server.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Attempts are read from the status history: each entry into EXECUTING starts one, the next move out ends it. */
class ExecutionAttemptTest {
    private static final Instant T = Instant.parse("2026-12-07T09:00:00Z");

    private static OrderHistoryEntry h(int second, String from, String to, String note) {
        return new OrderHistoryEntry(second, T.plusSeconds(second), from, to, "OPERATOR", "7", note);
    }

    @Test
    void aFailedAttemptARetryAndARunningOneAreNumberedInOrder() {
        List<ExecutionAttempt> attempts = ExecutionAttempt.of(List.of(
                h(0, null, "PENDING_REVIEW", null),
                h(1, "PENDING_REVIEW", "EXECUTING", "ok"),
                h(2, "EXECUTING", "APPROVED_FAILED", "GAME_LOAD_API_UNAVAILABLE: 503"),
                h(3, "APPROVED_FAILED", "EXECUTING", "retry"),
                h(4, "EXECUTING", "APPROVED_EXECUTED", null),
                h(5, "APPROVED_EXECUTED", "VOIDED", "mistake")));

        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0)).isEqualTo(new ExecutionAttempt(1, T.plusSeconds(1), "OPERATOR", "7", T.plusSeconds(2),
                "APPROVED_FAILED", "GAME_LOAD_API_UNAVAILABLE: 503"));
        assertThat(attempts.get(1).number()).isEqualTo(2);
        assertThat(attempts.get(1).outcome()).isEqualTo("APPROVED_EXECUTED");

        List<ExecutionAttempt> running = ExecutionAttempt.of(List.of(h(1, "PENDING_REVIEW", "EXECUTING", null)));
        assertThat(running).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isNull();
            assertThat(a.endedAt()).isNull();
        });
    }

    @Test
    void aDepositApprovedWithoutAProviderHasNoAttempt() {
        assertThat(ExecutionAttempt.of(List.of(h(1, "PENDING_REVIEW", "APPROVED_EXECUTED", null)))).isEmpty();
    }
}
