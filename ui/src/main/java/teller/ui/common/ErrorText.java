package teller.ui.common;

import teller.ui.api.TellerClientException;

/** One line an operator can act on for any failure; the server's code comes first where it gave one. */
public final class ErrorText {
    private ErrorText() {
    }

    public static String of(Throwable failure) {
        Throwable cause = failure;
        if (cause instanceof TellerClientException client) {
            return client.describe();
        }
        if (cause instanceof OperatorMessageException && cause.getMessage() != null) {
            return cause.getMessage();
        }
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            return cause.getMessage();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
