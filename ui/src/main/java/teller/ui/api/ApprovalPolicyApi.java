package teller.ui.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The maker-checker settings ({@code /api/v1/approval-policy}, decision 0012): per-operator
 * approval caps and per-currency dual-approval thresholds. Reading needs ADMIN or AUDITOR, a change
 * ADMIN; the server audits every change ({@code APPROVAL_CAP_SET}, {@code DUAL_APPROVAL_THRESHOLD_SET},
 * with before and after).
 */
public final class ApprovalPolicyApi {
    private final TellerClient client;

    public ApprovalPolicyApi(TellerClient client) {
        this.client = Objects.requireNonNull(client);
    }

    /** The most {@code operatorId} may approve in one order of {@code currency}, in minor units. */
    public record Cap(String operatorId, String currency, long amountMax) {
    }

    /** Orders of {@code currency} of {@code amountMin} minor units or more need two different approvers. */
    public record Threshold(String currency, long amountMin) {
    }

    /** Above {@code amount} minor units of {@code currency} the desktop confirms an approval (CONFIRM_ABOVE_AMOUNT, decision 0145). */
    public record ConfirmAbove(String currency, long amount) {
    }

    /** The dual-approval thresholds and the server's CONFIRM_ABOVE_AMOUNT, read together. */
    public record Thresholds(List<Threshold> dualApproval, List<ConfirmAbove> confirmAbove) {
    }

    /** The policy as the server answers it. */
    private record Policy(List<Threshold> dualApproval, List<Cap> caps, List<ConfirmAbove> confirmAboveAmount) {
        List<ConfirmAbove> confirmAboveOrEmpty() {
            return confirmAboveAmount == null ? List.of() : List.copyOf(confirmAboveAmount);
        }

        List<Cap> capsOrEmpty() {
            return caps == null ? List.of() : List.copyOf(caps);
        }

        List<Threshold> thresholdsOrEmpty() {
            return dualApproval == null ? List.of() : List.copyOf(dualApproval);
        }
    }

    /** Every operator's caps. */
    public List<Cap> caps() {
        return client.get("api/v1/approval-policy", Map.of(), Policy.class).capsOrEmpty();
    }

    /**
     * Sets the operator's cap in {@code currency} ({@code amountMax} null removes it) and returns
     * every operator's caps as the server holds them after the change.
     */
    public List<Cap> setCap(String operatorId, String currency, Long amountMax) {
        // A HashMap, because the removal is an explicit JSON null that Map.of cannot hold.
        Map<String, Object> body = new HashMap<>();
        body.put("amountMax", amountMax);
        return client.put("api/v1/operators/" + TellerClient.pathSegment(operatorId) + "/approval-caps/"
                + TellerClient.pathSegment(currency), body, Policy.class).capsOrEmpty();
    }

    /** Every currency's dual-approval threshold and CONFIRM_ABOVE_AMOUNT, in one read. */
    public Thresholds thresholdsAndConfirm() {
        Policy policy = client.get("api/v1/approval-policy", Map.of(), Policy.class);
        return new Thresholds(policy.thresholdsOrEmpty(), policy.confirmAboveOrEmpty());
    }

    /** Every currency's dual-approval threshold. */
    public List<Threshold> thresholds() {
        return client.get("api/v1/approval-policy", Map.of(), Policy.class).thresholdsOrEmpty();
    }

    /**
     * Sets the dual-approval threshold of {@code currency} ({@code amountMin} null removes it: one
     * approver is enough again) and returns every currency's threshold as the server holds them after
     * the change.
     */
    public List<Threshold> setThreshold(String currency, Long amountMin) {
        // A HashMap, because the removal is an explicit JSON null that Map.of cannot hold.
        Map<String, Object> body = new HashMap<>();
        body.put("amountMin", amountMin);
        return client.put("api/v1/approval-policy/dual-approval/" + TellerClient.pathSegment(currency), body,
                Policy.class).thresholdsOrEmpty();
    }
}
