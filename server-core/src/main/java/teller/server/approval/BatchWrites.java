package teller.server.approval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import teller.server.common.Actor;
import teller.server.orders.OrderEvents;
import teller.server.risk.LimitCheck;

/**
 * What a decided deposit batch writes, gathered while the rules decide so that the store writes it
 * all in one round trip (decision 0135), in this order: the limit checks, the first of two
 * approvals, the announcements made before the postings (denials, first approvals), the accepted
 * deposits, the claims the decisions ended with the announcements that follow them, and the
 * Idempotency-Keys' answers, decided and refused alike (decision 0170: the commit rides with them).
 */
public final class BatchWrites {
    /** A first of two approvals, recorded with the order. */
    public record FirstApproval(long orderId, Actor approver, String note) {
    }

    /** An audit row and event built by {@link OrderEvents}; {@code afterPostings} places it after the deposits. */
    public record Announced(OrderEvents.Announcement announcement, boolean afterPostings) {
    }

    /** A key's answer: the status and body to store, or a null status to give the key up. */
    public record KeyAnswer(String principal, String key, Integer status, String body) {
    }

    private final Map<Long, List<LimitCheck>> checks = new LinkedHashMap<>();
    private final List<FirstApproval> firstApprovals = new ArrayList<>();
    private final List<Announced> announcements = new ArrayList<>();
    private final List<Long> endedClaims = new ArrayList<>();
    private final List<ApprovalStore.DepositWrite> deposits = new ArrayList<>();
    private final List<KeyAnswer> answers = new ArrayList<>();

    void checks(long orderId, List<LimitCheck> made) {
        checks.computeIfAbsent(orderId, k -> new ArrayList<>()).addAll(made);
    }

    void firstApproval(long orderId, Actor approver, String note) {
        firstApprovals.add(new FirstApproval(orderId, approver, note));
    }

    void announce(OrderEvents.Announcement announcement, boolean afterPostings) {
        announcements.add(new Announced(announcement, afterPostings));
    }

    void endClaim(long orderId) {
        endedClaims.add(orderId);
    }

    void deposit(ApprovalStore.DepositWrite write) {
        deposits.add(write);
    }

    void answer(KeyAnswer answer) {
        answers.add(answer);
    }

    public Map<Long, List<LimitCheck>> checks() {
        return checks;
    }

    public List<FirstApproval> firstApprovals() {
        return firstApprovals;
    }

    public List<Announced> announcements() {
        return announcements;
    }

    public List<Long> endedClaims() {
        return endedClaims;
    }

    public List<ApprovalStore.DepositWrite> deposits() {
        return deposits;
    }

    public List<KeyAnswer> answers() {
        return answers;
    }
}
