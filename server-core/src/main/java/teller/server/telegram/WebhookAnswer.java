package teller.server.telegram;

/** What the webhook did with an update: DECIDED, REFUSED, IGNORED (or PROCESSING), and what the user was told. */
public record WebhookAnswer(long updateId, String outcome, String answer, boolean duplicate) {
}
