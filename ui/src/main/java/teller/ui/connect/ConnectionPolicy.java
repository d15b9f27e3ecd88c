package teller.ui.connect;

import java.util.Locale;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Which server addresses the console connects to (decision 0043): HTTPS anywhere; plain HTTP only
 * to this computer (loopback), unless the operator explicitly allows an unencrypted connection.
 * Over plain HTTP the password and the session token cross the network readable by anyone on it.
 */
public final class ConnectionPolicy {
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "::1");

    private ConnectionPolicy() {
    }

    /** True for localhost, 127.0.0.0/8 and ::1: traffic that never leaves this computer. */
    public static boolean isLoopback(HttpUrl url) {
        String host = url.host().toLowerCase(Locale.ROOT);
        return LOOPBACK_NAMES.contains(host) || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /**
     * Why the console will not connect to {@code url}, or null when it will.
     *
     * @param allowUnencrypted the operator ticked "Allow unencrypted connection"
     */
    public static String refusal(HttpUrl url, boolean allowUnencrypted) {
        if (url.isHttps() || allowUnencrypted || isLoopback(url)) {
            return null;
        }
        return "http:// to " + url.host() + " would send your password and session unencrypted over the network. "
                + "Use https://, or tick \"Allow unencrypted connection\" if this network is private and you accept that.";
    }
}
