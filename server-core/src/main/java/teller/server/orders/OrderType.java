package teller.server.orders;

public enum OrderType {
    /** Wallet top-up, usually with a payment proof: posted at once on approval. */
    DEPOSIT,
    /** Wallet credit moved into a game account through the game-load provider (two-phase). */
    GAME_LOAD,
    /** Pay-out through the payout provider (two-phase). */
    WITHDRAWAL
}
