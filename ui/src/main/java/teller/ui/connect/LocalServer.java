package teller.ui.connect;

/**
 * The bundled server-core of the "Local" profile, provided by the app module (the UI itself knows
 * only the HTTP API). {@link #start} blocks and is called on a background thread.
 */
public interface LocalServer {
    /** Where the server listens and the local admin's credentials; starts it on the first call. */
    LocalConnection start() throws Exception;

    /** A line for the connect screen, e.g. where the data lives. */
    String description();

    /** Backups of the local database ("Back up now…", decision 0130); empty when this local server has none. */
    default java.util.Optional<teller.ui.backup.LocalBackups> backups() {
        return java.util.Optional.empty();
    }

    /** The address and credentials of a running local server. */
    record LocalConnection(String baseUrl, String username, String password) {
        @Override
        public String toString() {
            // Never print the password, e.g. in a log line.
            return "LocalConnection[" + baseUrl + ", " + username + "]";
        }
    }
}
