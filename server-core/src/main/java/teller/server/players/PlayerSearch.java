package teller.server.players;

import java.util.ArrayList;
import java.util.List;

/**
 * What the player search asks for; a null part matches every player. {@code text} matches the id
 * and the username case-insensitively: by prefix (any text), and by substring when it holds a word
 * of {@link #SUBSTRING_LENGTH_MIN} letters or digits, which the trigram indexes can answer
 * (decision 0215).
 */
public record PlayerSearch(String text, KycStatus kyc, PlayerStatus status) {
    public static final int TEXT_LENGTH_MAX = 64;
    public static final int SUBSTRING_LENGTH_MIN = 3;

    public static final PlayerSearch ALL = new PlayerSearch(null, null, null);

    /**
     * True when {@code text} is matched anywhere, not only at the start: when it holds a word. A
     * shorter text ("57", "a1") or one of short runs between other characters ("0%_", "e.ri") gives
     * pg_trgm no trigram inside a word, and only a walk of every player could find it inside names.
     */
    public boolean bySubstring() {
        return text != null && !words(text).isEmpty();
    }

    /**
     * The words of a text: runs of {@link #SUBSTRING_LENGTH_MIN} letters or digits or more, what
     * pg_trgm takes whole trigrams from ("bench" and "123457" of "bench-123457").
     */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean wordChar = i < text.length() && Character.isLetterOrDigit(text.charAt(i));
            if (wordChar && start < 0) {
                start = i;
            } else if (!wordChar && start >= 0) {
                if (i - start >= SUBSTRING_LENGTH_MIN) {
                    words.add(text.substring(start, i));
                }
                start = -1;
            }
        }
        return words;
    }
}
