package teller.ui.api;

import java.time.Instant;

/** The answer to {@code POST /api/v1/auth/login}. */
public record LoginResult(String token, Instant expiresAt, OperatorInfo operator) {
}
