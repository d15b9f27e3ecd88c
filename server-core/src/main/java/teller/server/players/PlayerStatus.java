package teller.server.players;

public enum PlayerStatus {
    ACTIVE, SUSPENDED, SELF_EXCLUDED
}
