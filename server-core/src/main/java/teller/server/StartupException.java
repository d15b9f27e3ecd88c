package teller.server;

/**
 * A start that cannot go ahead for a reason the operator can fix: the data directory is not writable
 * or in use by another Teller, the port is taken, the data was written by a newer Teller, the jar has
 * no embedded PostgreSQL. The message is one sentence that says what to do; {@code serve} prints it as
 * one line and exits with {@link Main#EXIT_CANNOT_START}, the desktop shows it. Nothing was changed.
 */
public final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
