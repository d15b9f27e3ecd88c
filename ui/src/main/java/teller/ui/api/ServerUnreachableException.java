package teller.ui.api;

import java.io.IOException;

/**
 * No answer from the server (refused connection, timeout, broken response). The outcome of a write
 * is then unknown; sending it again with the same Idempotency-Key is safe.
 */
public final class ServerUnreachableException extends TellerClientException {
    public ServerUnreachableException(String baseUrl, IOException cause) {
        super("no answer from " + baseUrl + ": " + cause.getMessage(), cause);
    }

    @Override
    public String describe() {
        return "SERVER_UNREACHABLE: " + getMessage();
    }
}
