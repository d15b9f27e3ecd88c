package teller.ui.api;

/** Any failure of a call to server-core: either the server refused it or it could not be reached. */
public abstract class TellerClientException extends RuntimeException {
    protected TellerClientException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The error in one line for an operator: code and message where the server gave them. */
    public abstract String describe();
}
