package teller.server.ledger;

import java.util.Map;
import teller.server.common.RuleViolationException;

/** A posting or hold would take a bounded account (a player wallet) below its bound. */
public final class InsufficientFundsException extends RuleViolationException {
    public InsufficientFundsException(String message) {
        super("INSUFFICIENT_FUNDS", "WALLET_LOWER_BOUND", message, Map.of());
    }
}
