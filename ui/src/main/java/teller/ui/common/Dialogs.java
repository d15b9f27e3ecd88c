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
}
