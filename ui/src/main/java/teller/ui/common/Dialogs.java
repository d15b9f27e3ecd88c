package teller.ui.common;

import java.util.Optional;

/** Every dialog a screen opens goes through here, so tests can answer them without windows. */
public interface Dialogs {
    /**
     * Asks why an order is rejected. Empty when the operator cancels; otherwise a non-blank reason.
     *
     * @param summary what is being rejected, e.g. "Deposit of $100.00 for maria.santos"
     */
    Optional<String> askRejectReason(String summary);

    /**
     * Asks for an optional note to an approval (Shift+A). Empty when the operator cancels; otherwise
     * the note, possibly blank for none.
     */
    default Optional<String> askApproveNote(String summary) {
        return Optional.of("");
    }

    /** {@link #askApproveNote(String)} for an order whose approval is risky: the dialog names {@code risks} too. */
    default Optional<String> askApproveNote(String summary, java.util.List<String> risks) {
        return askApproveNote(summary);
    }

    /**
     * Asks once whether to approve an order despite {@code risks} (each a sentence; decision 0145).
     * True to approve. Default: yes, for dialogs that ask nothing (the console's real ones ask).
     */
    default boolean confirmApproval(String summary, java.util.List<String> risks) {
        return true;
    }
}
