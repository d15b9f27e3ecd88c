package teller.ui.api;

/**
 * A player as {@code GET /api/v1/players/{id}} returns it. {@code balance} and {@code available}
 * are positive minor units as the player sees them; {@code available} = balance - holds.
 */
public record PlayerView(String id, String username, String currency, String status, String kycStatus, long balance,
                         long available, long held) {
}
