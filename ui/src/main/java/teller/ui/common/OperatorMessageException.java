package teller.ui.common;

/**
 * A failure whose message is already written for the operator (what happened and what to do), shown
 * as it is by {@link ErrorText}: e.g. the bundled server refusing to start on a data directory that a
 * newer Teller wrote.
 */
public class OperatorMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    public OperatorMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
