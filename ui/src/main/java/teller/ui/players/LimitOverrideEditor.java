package teller.ui.players;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import teller.ui.api.PlayersApi;
import teller.ui.common.CurrencyAmountEditor;
import teller.ui.common.UiExecutors;

/**
 * The change dialog of one of a player's limit overrides (issue #13), the checked dialog the approval
 * caps use ({@link CurrencyAmountEditor}): the currency is the player's and fixed, the amount is typed
 * as a decimal in its scale and sent in exact minor units, each problem under its field, the server's
 * refusal in the dialog. The other overrides are sent unchanged ({@code PUT} replaces them all).
 */
public final class LimitOverrideEditor extends CurrencyAmountEditor<PlayersApi.Card> {
    /** The rule counted in seconds, not money: not edited in a currency dialog. */
    public static final String COOLDOWN_RULE = "WITHDRAWAL_COOLDOWN_SECONDS";

    private final PlayersApi api;
    private final PlayersApi.Card player;
    private final String rule;
    private final Consumer<PlayersApi.Card> onSaved;

    LimitOverrideEditor(PlayersApi api, UiExecutors executors, PlayersApi.Card player, PlayersApi.Limit limit,
                        Consumer<PlayersApi.Card> onSaved) {
        super(executors, new AmountField("Override", "enter the player's limit", "choose Use default to lift the override",
                        limit.rule(), "blocks every order this limit counts, in"), player.currency(),
                limit.override() != null ? limit.override() : limit.effective() != null ? limit.effective() : 0, Set.of());
        this.api = Objects.requireNonNull(api);
        this.player = player;
        this.rule = limit.rule();
        this.onSaved = Objects.requireNonNull(onSaved);
    }

    /** Whether {@code rule} is a money amount (every limit but the withdrawal cooldown). */
    public static boolean money(String rule) {
        return !COOLDOWN_RULE.equals(rule);
    }

    /** A rule's name as an operator reads it: {@code DAILY_DEPOSIT_LIMIT} → "Daily deposit limit". */
    public static String name(String rule) {
        String words = rule.replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** The player's overrides as the server holds them, with {@code rule} set to {@code value} (null: default). */
    static Map<String, Long> overridesWith(PlayersApi.Card player, String rule, Long value) {
        Map<String, Long> overrides = new LinkedHashMap<>();
        player.limits().stream().filter(l -> l.override() != null).forEach(l -> overrides.put(l.rule(), l.override()));
        if (value == null) {
            overrides.remove(rule);
        } else {
            overrides.put(rule, value);
        }
        return overrides;
    }

    @Override
    public String title() {
        return name(rule) + " of " + player.username() + " (" + player.id() + ")";
    }

    @Override
    protected PlayersApi.Card send(String currencyCode, long minorUnits) {
        return api.setLimits(player.id(), overridesWith(player, rule, minorUnits));
    }

    @Override
    protected void saved(String currencyCode, long minorUnits, PlayersApi.Card answer) {
        onSaved.accept(answer);
    }

    @Override
    protected String alreadyTaken(String currencyCode) {
        return "Currency: the limit is in the player's currency, " + player.currency() + ".";
    }
}
