package teller.app;

import teller.server.ServerCore;
import teller.server.common.Actor;
import teller.server.common.ActorType;
import teller.server.orders.IntakeRequest;

/**
 * Puts players and orders into a real test server through its services, the way integrations
 * would (orders made by a portal, never by the operator who approves them: maker-checker).
 */
final class Seed {
    static final String CURRENCY = "USD";
    private static final Actor PORTAL = new Actor(ActorType.INTEGRATION, "test-portal", "test-portal", "127.0.0.1");
    private static final Actor SYSTEM = Actor.system("test-seed");

    private final ServerCore server;

    Seed(ServerCore server) {
        this.server = server;
    }

    /** Registers a player and, when {@code openingBalance} > 0, credits it with an approved deposit. */
    void player(String id, String username, long openingBalance) {
        server.services().players().register(id, username, CURRENCY, SYSTEM);
        if (openingBalance > 0) {
            String opening = order("DEPOSIT", id, openingBalance, null);
            server.services().approvals().approve(Long.parseLong(opening), SYSTEM, "opening balance");
        }
    }

    /** Submits a pending order; returns its id. */
    String order(String type, String playerId, long amount, String game) {
        var submitted = server.services().intake().submit(new IntakeRequest(type, playerId, amount, CURRENCY, game,
                "GCASH", "PORTAL", null, null), null, PORTAL);
        return String.valueOf(submitted.order().id());
    }

    String status(String orderId) {
        return server.services().orders().detail(Long.parseLong(orderId)).order().status().name();
    }

    long balance(String playerId) {
        return server.services().players().get(playerId).balance();
    }
}
