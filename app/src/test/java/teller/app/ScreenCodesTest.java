package teller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import teller.ui.common.Labels;

/**
 * Every enum of the server that a console screen shows (issue 16: "every enum shown to an operator
 * has a label and a tooltip") is walked here, value by value, from the server's own types: a value
 * the server gains without a label in {@link Labels} fails this test. {@link SmallWindowScreenTest}
 * checks that the screens show these labels, with a tooltip, and never the bare code.
 */
class ScreenCodesTest {
    /** The codes screens show, by the {@link Labels} scope they are read in (null: unscoped). */
    static Map<String, List<String>> codesOnScreen() {
        Map<String, List<String>> codes = new LinkedHashMap<>();
        List<String> plain = new ArrayList<>();
        for (Class<? extends Enum<?>> type : List.<Class<? extends Enum<?>>>of(
                teller.server.orders.OrderStatus.class, teller.server.orders.OrderType.class,
                teller.server.risk.FraudLevel.class, teller.server.risk.FraudRule.class,
                teller.server.risk.FraudFlag.Status.class, teller.server.risk.FraudFlag.Resolution.class,
                teller.server.risk.LimitRule.class, teller.server.risk.LimitCheck.Outcome.class,
                teller.server.risk.LimitCheck.Phase.class, teller.server.approval.Check.Outcome.class,
                teller.server.risk.ExclusionType.class, teller.server.auth.Role.class,
                teller.server.players.PlayerStatus.class, teller.server.common.ActorType.class,
                teller.server.audit.AuditEvent.Outcome.class, teller.server.ledger.AccountType.class)) {
            for (Enum<?> value : type.getEnumConstants()) {
                plain.add(value.name());
            }
        }
        plain.addAll(teller.server.proof.ProofForwardService.STATUSES);
        // Ledger transaction kinds and the ledger check's findings are strings in the server.
        plain.addAll(List.of("HOLD", "RELEASE", "REVERSAL", "VOID_DEPOSIT", "VOID_GAME_LOAD", "VOID_WITHDRAWAL",
                "REFERRAL_REWARD", "BALANCE_MISMATCH", "BELOW_LOWER_BOUND", "DUPLICATE_IDEMPOTENCY_KEY",
                "INTEGRITY_HASH_MISMATCH", "ORDER_LEDGER_MISMATCH", "ORDER_POSTED_TWICE",
                "PROVIDER_EXECUTED_BUT_FAILED", "PROVIDER_NOT_EXECUTED", "STRANDED_HOLD", "UNBALANCED_TRANSACTION"));
        plain.removeIf(code -> code.equals("UNKNOWN"));
        codes.put(null, plain);
        codes.put(Labels.KYC, names(teller.server.players.KycStatus.class));
        codes.put(Labels.TRANSACTION, names(teller.server.ledger.TransactionStatus.class));
        codes.put(Labels.BREAKER, List.of("CLOSED", "OPEN", "HALF_OPEN"));
        return codes;
    }

    /** What the codes of {@link #codesOnScreen()} read as. */
    static Set<String> labelsOnScreen() {
        Set<String> labels = new LinkedHashSet<>();
        codesOnScreen().forEach((scope, codes) -> codes.forEach(code -> labels.add(Labels.label(scope, code))));
        return labels;
    }

    private static List<String> names(Class<? extends Enum<?>> type) {
        List<String> names = new ArrayList<>();
        for (Enum<?> value : type.getEnumConstants()) {
            names.add(value.name());
        }
        return names;
    }

    @Test
    void everyValueOfAnEnumAScreenShowsHasALabelAndATooltipSayingWhatItMeans() {
        List<String> missing = new ArrayList<>();
        codesOnScreen().forEach((scope, codes) -> {
            for (String code : codes) {
                String label = Labels.label(scope, code);
                if (!Labels.known(scope, code) || label.contains("_") || label.equals(code)) {
                    missing.add((scope == null ? "" : scope + ":") + code + " has no label");
                } else if (!Labels.meaning(scope, code).endsWith(".")) {
                    missing.add((scope == null ? "" : scope + ":") + code + " has no tooltip");
                }
            }
        });
        assertThat(missing).isEmpty();
    }

    @Test
    void theResolutionsEachSayWhatTheyDo() {
        assertThat(Labels.meaning("CONFIRMED_FRAUD")).startsWith("Closes the flag as fraud found")
                .contains("suspending them is a separate step");
        assertThat(Labels.meaning("FALSE_POSITIVE")).startsWith("Closes the flag")
                .contains("risk score is worked out again");
        assertThat(Labels.meaning("ACCEPTED_RISK")).startsWith("Closes the flag")
                .contains("risk score is worked out again");
    }

    @Test
    void aCodeThatMeansTwoThingsReadsAsItsScopeSays() {
        assertThat(Labels.label(Labels.TRANSACTION, "PENDING")).isEqualTo("Held");
        assertThat(Labels.label(Labels.KYC, "PENDING")).isEqualTo("Pending");
        assertThat(Labels.tooltip(Labels.BREAKER, "OPEN")).contains("calls are refused").endsWith("(OPEN)");
        assertThat(Labels.tooltip("OPEN")).contains("risk score");
        assertThat(Labels.label(Labels.KYC, "VERIFIED")).as("falls back to the unscoped entry").isEqualTo("Verified");
    }
}
