package teller.server.approval;

import teller.server.common.DomainException;

/**
 * One gate of an approval, as the preview shows it and as approve applies it.
 *
 * @param name    which gate: one of the constants below, or a limit's name (e.g. {@code DAILY_DEPOSIT_LIMIT})
 * @param detail  what was found, in plain words with the figures
 * @param refusal what approve throws when this check stops it; null for PASS and NEEDS_SECOND_APPROVER
 */
public record Check(String name, Outcome outcome, String detail, DomainException refusal) {
    /** Only in the preview: approve's route lets the caller's roles through (the HTTP edge enforces it). */
    public static final String ROLE = "ROLE";
    public static final String STATUS = "STATUS";
    public static final String CLAIM = "CLAIM";
    public static final String SELF_APPROVAL = "SELF_APPROVAL";
    public static final String SECOND_APPROVER = "SECOND_APPROVER";
    public static final String APPROVAL_CAP = "APPROVAL_CAP";
    public static final String FRAUD_LEVEL = "FRAUD_LEVEL";
    public static final String SELF_EXCLUSION = "SELF_EXCLUSION";
    public static final String KYC = "KYC";
    public static final String FUNDS = "FUNDS";
    public static final String PROVIDER = "PROVIDER";

    /**
     * What a gate says about approving now, for this caller.
     * <ul>
     *   <li>{@code PASS}: the gate lets the approval through.</li>
     *   <li>{@code BLOCK}: the gate refuses it (approve answers this check's refusal).</li>
     *   <li>{@code NEEDS_SUPERVISOR}: refused to this caller; a SUPERVISOR or ADMIN may approve it.</li>
     *   <li>{@code NEEDS_SECOND_APPROVER}: accepted, but as the first of two approvals: the order stays
     *       PENDING_REVIEW until a different operator gives the second.</li>
     * </ul>
     */
    public enum Outcome {
        PASS, BLOCK, NEEDS_SUPERVISOR, NEEDS_SECOND_APPROVER;

        /** True for the outcomes that make approve refuse. */
        public boolean refuses() {
            return this == BLOCK || this == NEEDS_SUPERVISOR;
        }
    }

    public static Check pass(String name, String detail) {
        return new Check(name, Outcome.PASS, detail, null);
    }

    public static Check block(String name, String detail, DomainException refusal) {
        return new Check(name, Outcome.BLOCK, detail, java.util.Objects.requireNonNull(refusal, "refusal"));
    }
}
