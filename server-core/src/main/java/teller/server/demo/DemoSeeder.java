package teller.server.demo;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.ServerCore;
import teller.server.common.Actor;
import teller.server.common.ActorType;
import teller.server.orders.IntakeRequest;

/**
 * Demo data for a first run ({@code serve --demo}): players with some history and a queue holding
 * pending orders of all three types. Seeds only an empty database, through the real services, so
 * the ledger, audit trail and events are exactly what real use would produce.
 */
public final class DemoSeeder {
    private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);
    private static final String CURRENCY = "USD";

    private final ServerCore.Services services;

    public DemoSeeder(ServerCore.Services services) {
        this.services = services;
    }

    private record DemoPlayer(String id, String username, long startingBalance) {
    }

    public void seedIfEmpty() {
        if (!services.orders().list(teller.server.orders.OrderFilter.all(), null, 1).items().isEmpty()) {
            log.info("demo data not seeded: the database already has orders");
            return;
        }
        Actor portal = new Actor(ActorType.INTEGRATION, "demo-portal", "demo-portal", "127.0.0.1");
        Actor system = Actor.system("demo");
        List<DemoPlayer> players = List.of(
                new DemoPlayer("p-1001", "maria.santos", 250_00),
                new DemoPlayer("p-1002", "juan.delacruz", 1_200_00),
                new DemoPlayer("p-1003", "ana.reyes", 80_00),
                new DemoPlayer("p-1004", "carlo.mendoza", 0),
                new DemoPlayer("p-1005", "liza.garcia", 540_00),
                new DemoPlayer("p-1006", "paolo.bautista", 35_00));
        for (DemoPlayer p : players) {
            services.players().register(p.id(), p.username(), CURRENCY, system);
            if (p.startingBalance() > 0) {
                var deposit = services.intake().submit(new IntakeRequest("DEPOSIT", p.id(), p.startingBalance(), CURRENCY,
                        null, "GCASH", "PORTAL", null, null), "demo-opening-" + p.id(), portal);
                services.approvals().approve(deposit.order().id(), system, "opening balance (demo)");
            }
        }
        // The demo's withdrawing players have passed KYC, so their withdrawals can be approved.
        services.risk().setKyc("p-1002", "VERIFIED", system);
        services.risk().setKyc("p-1005", "VERIFIED", system);
        submit(portal, "DEPOSIT", "p-1001", 100_00, null, "GCASH", "PORTAL", null);
        submit(portal, "DEPOSIT", "p-1004", 50_00, null, "BANK_TRANSFER", "PORTAL", null);
        submit(portal, "DEPOSIT", "p-1006", 20_00, null, "MAYA", "PORTAL", "conv-88");
        submit(portal, "DEPOSIT", "p-1003", 500_00, null, "GCASH", "PORTAL", null);
        submit(portal, "GAME_LOAD", "p-1002", 300_00, "Pusoy", null, "CHAT", "conv-12");
        submit(portal, "GAME_LOAD", "p-1005", 120_00, "Tongits", null, "PORTAL", null);
        submit(portal, "GAME_LOAD", "p-1001", 75_00, "Lucky 9", null, "CHAT", "conv-31");
        submit(portal, "WITHDRAWAL", "p-1002", 450_00, null, "BANK_TRANSFER", "PORTAL", null);
        submit(portal, "WITHDRAWAL", "p-1005", 60_00, "Tongits", "GCASH", "PORTAL", "conv-47");
        log.info("demo data seeded: {} players and a queue of pending orders", players.size());
    }

    private void submit(Actor portal, String type, String playerId, long amount, String game, String method,
                        String channel, String conversation) {
        services.intake().submit(new IntakeRequest(type, playerId, amount, CURRENCY, game, method, channel, conversation,
                null), null, portal);
    }
}
