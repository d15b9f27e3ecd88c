package teller.ui.operators;

/** The Operators screen's dialogs, behind an interface so view-model tests answer them without windows. */
public interface OperatorPrompts {
    /** Asks to confirm a change that cannot simply be undone; true to go ahead. */
    boolean confirm(String title, String message);

    /**
     * Shows a new API token's secret once, with a way to copy it; the secret is not kept after the
     * dialog closes.
     */
    void showTokenOnce(String tokenName, String secret);

    /**
     * Shows the dialog of an approval cap until the administrator cancels it or the server has taken
     * the cap ({@link ApprovalCapEditor#savedProperty()}); the editor checks and sends the input.
     */
    void editCap(ApprovalCapEditor editor);
}
