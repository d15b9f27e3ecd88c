package teller.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import teller.ui.api.OrderStatus;
import teller.ui.api.OrderType;

/** Every code an operator reads has a label and a tooltip, from one source (issue 16). */
class LabelsTest {
    @Test
    void everyOrderStatusTypeLevelRuleRoleAndOutcomeHasALabelAndATooltip() {
        List<String> codes = new java.util.ArrayList<>();
        for (OrderStatus s : OrderStatus.values()) {
            if (s != OrderStatus.UNKNOWN) {
                codes.add(s.name());
            }
        }
        for (OrderType t : OrderType.values()) {
            if (t != OrderType.UNKNOWN) {
                codes.add(t.name());
            }
        }
        codes.addAll(List.of("SAFE", "SUSPICIOUS", "RISKY", "FRAUDULENT", "VELOCITY", "RAPID_WITHDRAWAL",
                "WINNING_STREAK", "DUPLICATE_PROOF", "AMOUNT_ANOMALY", "REFUND", "OPEN", "RESOLVED", "CONFIRMED_FRAUD",
                "FALSE_POSITIVE", "ACCEPTED_RISK", "PASS", "FAIL", "NO_LIMIT", "INTAKE", "APPROVAL", "SUCCESS", "FAILURE",
                "DENIED", "OPERATOR", "INTEGRATION", "TELEGRAM_BOT", "SYSTEM", "ANONYMOUS"));
        codes.addAll(teller.ui.api.OperatorsApi.ROLES);
        assertThat(codes).allSatisfy(code -> {
            assertThat(Labels.known(code)).as(code).isTrue();
            assertThat(Labels.label(code)).as(code).doesNotContain("_").isNotEqualTo(code);
            assertThat(Labels.meaning(code)).as(code).endsWith(".");
        });
        assertThat(Labels.label(OrderStatus.APPROVED_FAILED)).isEqualTo("Approved, failed");
        assertThat(Labels.label("SOMETHING_NEW")).isEqualTo("Something new");
        assertThat(Labels.tooltip("SOMETHING_NEW")).isEqualTo("(SOMETHING_NEW)");
    }
}
