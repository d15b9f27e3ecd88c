package teller.server.players;

/**
 * What the player search asks for; a null part matches every player. {@code text} matches the id
 * and the username, case-insensitively, by prefix (any length) and by substring (from
 * {@link #SUBSTRING_LENGTH_MIN} characters, where trigram indexes can answer it).
 */
public record PlayerSearch(String text, KycStatus kyc, PlayerStatus status) {
    public static final int TEXT_LENGTH_MAX = 64;
    public static final int SUBSTRING_LENGTH_MIN = 3;

    public static final PlayerSearch ALL = new PlayerSearch(null, null, null);

    /** True when {@code text} is long enough to be matched anywhere, not only at the start. */
    public boolean bySubstring() {
        return text != null && text.length() >= SUBSTRING_LENGTH_MIN;
    }
}
