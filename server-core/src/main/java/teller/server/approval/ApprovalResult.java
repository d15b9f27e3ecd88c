package teller.server.approval;

import teller.server.orders.Order;

/** The order after a decision; {@code inFlight} when a provider is still executing it (HTTP 202). */
public record ApprovalResult(Order order, boolean inFlight) {
}
