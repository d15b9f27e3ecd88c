package teller.server.ledger;

import java.util.Locale;

/**
 * The chart of accounts. House accounts are per currency; hot ones are split into balance buckets
 * so concurrent approvals do not queue on one row.
 */
public final class AccountCodes {
    /** Buckets of the accounts every deposit or game load touches. */
    public static final int HOT_ACCOUNT_BUCKETS = 16;

    private AccountCodes() {
    }

    public static String wallet(String playerId) {
        return "player:" + playerId + ":wallet";
    }

    public static String houseCash(String currency) {
        return "house:cash:" + currency;
    }

    public static String houseGame(String gameName, String currency) {
        return "house:game:" + gameSlug(gameName) + ":" + currency;
    }

    public static String payoutClearing(String currency) {
        return "house:payout_clearing:" + currency;
    }

    /** Referral rewards paid to referrers (EXPENSE, decision 0037). */
    public static String referralRewards(String currency) {
        return "house:referral_rewards:" + currency;
    }

    /** Game names become part of an account code: lower case, spaces and odd characters folded. */
    public static String gameSlug(String gameName) {
        String slug = gameName.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        return slug.replaceAll("^_+|_+$", "");
    }
}
