package teller.server.players;

import java.time.Instant;

public record Player(String id, String username, String currency, PlayerStatus status, KycStatus kycStatus,
                     String exclusionType, Instant exclusionUntil, String referrerId, long walletAccountId,
                     Instant createdAt) {
}
