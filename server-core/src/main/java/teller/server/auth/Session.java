package teller.server.auth;

import java.time.Instant;

/** A signed-in operator behind a bearer token. */
public record Session(String tokenHash, Operator operator, Instant expiresAt) {
}
