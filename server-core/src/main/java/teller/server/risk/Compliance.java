package teller.server.risk;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import teller.server.common.RuleViolationException;
import teller.server.orders.OrderType;
import teller.server.players.KycStatus;
import teller.server.players.Player;

/**
 * The compliance rules, with no I/O: self-exclusion refuses deposits and game loads (at intake and
 * at approval), and a withdrawal needs a VERIFIED KYC status when the server requires it.
 */
public final class Compliance {
    public static final String RULE_SELF_EXCLUSION = "SELF_EXCLUSION";
    public static final String RULE_KYC = "KYC";

    private Compliance() {
    }

    /** Self-exclusion in force: PERMANENT always, the others until their end. */
    public static boolean excluded(Player player, Instant now) {
        if (player.exclusionType() == null) {
            return false;
        }
        return ExclusionType.PERMANENT.name().equals(player.exclusionType())
                || player.exclusionUntil() != null && player.exclusionUntil().isAfter(now);
    }

    /** Whether self-exclusion applies to this type of order at all (a withdrawal pays the player out). */
    public static boolean exclusionApplies(OrderType type) {
        return type != OrderType.WITHDRAWAL;
    }

    /** The player's exclusion as words: "TEMPORARY until 2030-01-31T00:00:00Z", "PERMANENT". */
    public static String exclusionText(Player player) {
        return player.exclusionType() + (player.exclusionUntil() == null ? "" : " until " + player.exclusionUntil());
    }

    public static Optional<RuleViolationException> exclusionRefusal(OrderType type, Player player, Instant now) {
        if (!exclusionApplies(type) || !excluded(player, now)) {
            return Optional.empty();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("exclusionType", player.exclusionType());
        if (player.exclusionUntil() != null) {
            details.put("until", player.exclusionUntil().toString());
        }
        return Optional.of(new RuleViolationException("PLAYER_SELF_EXCLUDED", RULE_SELF_EXCLUSION,
                "player " + player.id() + " is self-excluded (" + exclusionText(player) + "): no " + type + " is accepted",
                details));
    }

    /** Whether KYC gates this type of order on this server. */
    public static boolean kycApplies(OrderType type, boolean kycRequiredForWithdrawal) {
        return type == OrderType.WITHDRAWAL && kycRequiredForWithdrawal;
    }

    public static Optional<RuleViolationException> kycRefusal(OrderType type, Player player, boolean kycRequired) {
        if (!kycApplies(type, kycRequired) || player.kycStatus() == KycStatus.VERIFIED) {
            return Optional.empty();
        }
        return Optional.of(new RuleViolationException("KYC_NOT_VERIFIED", RULE_KYC,
                "player " + player.id() + " has KYC status " + player.kycStatus() + "; a withdrawal needs VERIFIED",
                Map.of("kycStatus", player.kycStatus().name())));
    }
}
