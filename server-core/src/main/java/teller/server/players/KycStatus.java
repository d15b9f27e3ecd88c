package teller.server.players;

public enum KycStatus {
    NONE, PENDING, VERIFIED, REJECTED
}
