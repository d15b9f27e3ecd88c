package teller.server.orders;

import teller.server.players.Player;

/**
 * Rules an incoming order must pass (self-exclusion) and checks it carries (limits), run in the
 * intake transaction right after the order is inserted; a refusal thrown here undoes the insert.
 */
public interface IntakeScreen {
    void screen(Order created, Player player);

    IntakeScreen NONE = (created, player) -> {
    };
}
