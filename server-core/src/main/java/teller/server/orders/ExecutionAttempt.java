package teller.server.orders;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One provider execution of an order, read from its status history: it starts when the order
 * enters EXECUTING and ends with the next move out of it ({@code outcome} APPROVED_EXECUTED or
 * APPROVED_FAILED, {@code note} the provider's answer or error); {@code outcome} is null while it runs.
 */
public record ExecutionAttempt(int number, Instant startedAt, String startedByType, String startedById,
                               Instant endedAt, String outcome, String note) {

    /** The attempts in {@code history} (oldest first), numbered from 1. */
    public static List<ExecutionAttempt> of(List<OrderHistoryEntry> history) {
        List<ExecutionAttempt> attempts = new ArrayList<>();
        OrderHistoryEntry started = null;
        for (OrderHistoryEntry entry : history) {
            if (OrderStatus.EXECUTING.name().equals(entry.toStatus())) {
                started = entry;
            } else if (started != null && OrderStatus.EXECUTING.name().equals(entry.fromStatus())) {
                attempts.add(new ExecutionAttempt(attempts.size() + 1, started.at(), started.actorType(),
                        started.actorId(), entry.at(), entry.toStatus(), entry.note()));
                started = null;
            }
        }
        if (started != null) {
            attempts.add(new ExecutionAttempt(attempts.size() + 1, started.at(), started.actorType(), started.actorId(),
                    null, null, null));
        }
        return List.copyOf(attempts);
    }
}
