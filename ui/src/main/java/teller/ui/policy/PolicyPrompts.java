package teller.ui.policy;

/** The Approval policy screen's dialogs, behind an interface so view-model tests answer them without windows. */
public interface PolicyPrompts {
    /** Asks to confirm a change that weakens the policy; true to go ahead. */
    boolean confirm(String title, String message);

    /**
     * Shows the dialog of a dual-approval threshold until the administrator cancels it or the server
     * has taken it ({@link DualApprovalEditor#savedProperty()}); the editor checks and sends the input.
     */
    void editThreshold(DualApprovalEditor editor);
}
