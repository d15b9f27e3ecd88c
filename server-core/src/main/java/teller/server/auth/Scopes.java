package teller.server.auth;

import java.util.Set;

/** What an integration's API token may do; each route lists the scopes it accepts. */
public final class Scopes {
    public static final String ORDERS_CREATE = "orders:create";
    public static final String ORDERS_READ = "orders:read";
    public static final String PLAYERS_READ = "players:read";
    public static final String PLAYERS_WRITE = "players:write";
    /** Prometheus scraping {@code GET /metrics} when the server is not bound to loopback. */
    public static final String METRICS_READ = "metrics:read";
    public static final Set<String> ALL = Set.of(ORDERS_CREATE, ORDERS_READ, PLAYERS_READ, PLAYERS_WRITE, METRICS_READ);

    private Scopes() {
    }
}
