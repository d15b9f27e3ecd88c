package teller.server.ledger;

/** One broken invariant found by {@code verify}, with what was expected and what was found. */
public record Discrepancy(String kind, String subject, String expected, String actual, String message) {
}
