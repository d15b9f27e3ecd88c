package teller.ui.connect;

/**
 * The bundled server-core of the "Local" profile, provided by the app module (the UI itself knows
 * only the HTTP API). {@link #start} blocks and is called on a background thread.
 */
public interface LocalServer {
    /**
     * Where the server listens; starts it on the first call. The local admin's password comes with it
     * only for a one-click (demo) server, or the first time it is known, to be shown once.
     */
    LocalConnection start() throws Exception;

    /**
     * Whether Local signs in and unlocks with one click, as its admin, without a password: only the
     * demo (sample data, nothing to protect). Otherwise the operator types a username and password.
     */
    default boolean oneClick() {
        return false;
    }

    /**
     * The operator has seen the first-run password ({@link LocalConnection#firstRun}): the local
     * server forgets it (its file is deleted), so only the operator knows it from now on.
     */
    default void passwordNoted() {
    }

    /** A line for the connect screen, e.g. where the data lives. */
    String description();

    /** Backups of the local database ("Back up now…", decision 0130); empty when this local server has none. */
    default java.util.Optional<teller.ui.backup.LocalBackups> backups() {
        return java.util.Optional.empty();
    }

    /**
     * The address of a running local server and its admin's username. {@code password} is the admin's
     * password for a {@link #oneClick} server, or, with {@code firstRun}, the password just generated
     * (to be shown to the operator once); null otherwise: the operator types it.
     */
    record LocalConnection(String baseUrl, String username, String password, boolean firstRun) {
        @Override
        public String toString() {
            // Never print the password, e.g. in a log line.
            return "LocalConnection[" + baseUrl + ", " + username + "]";
        }
    }
}
