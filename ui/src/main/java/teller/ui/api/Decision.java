package teller.ui.api;

/**
 * The answer to an approve or reject: the order as the server left it. {@code inFlight} when the
 * server answered 202 because a provider is still executing (the order is then EXECUTING and the
 * server's recovery finalizes it).
 */
public record Decision(OrderView order, boolean inFlight) {
}
