package teller.server.approval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import teller.server.audit.AuditEvent;
import teller.server.audit.AuditLog;
import teller.server.common.Actor;
import teller.server.common.InvalidInputException;
import teller.server.common.NotFoundException;
import teller.server.common.Transactor;
import teller.server.ledger.Money;

/** Reads and changes the maker-checker settings (an administrator's job); every change is audited. */
public final class ApprovalPolicyService {

    private final Transactor tx;
    private final ApprovalPolicyStore policy;
    private final AuditLog audit;
    private final ConfirmSettings confirm;

    /** @param confirmAboveAmount CONFIRM_ABOVE_AMOUNT per currency (a server setting, not changed here) */
    public record Settings(List<ApprovalPolicyStore.Threshold> dualApproval, List<ApprovalPolicyStore.Cap> caps,
                           Map<String, Long> confirmAboveAmount) {
    }

    public ApprovalPolicyService(Transactor tx, ApprovalPolicyStore policy, AuditLog audit, ConfirmSettings confirm) {
        this.tx = tx;
        this.policy = policy;
        this.audit = audit;
        this.confirm = confirm;
    }

    public Settings settings() {
        return tx.read(() -> new Settings(policy.thresholds(), policy.caps(), confirm.aboveAmount()));
    }

    /** The amount of {@code currency} above which the desktop confirms an approval (CONFIRM_ABOVE_AMOUNT), or null. */
    public Long confirmAboveAmount(String currency) {
        return confirm.aboveAmount(currency);
    }

    /** Orders of {@code currency} at or above {@code amountMin} will need two approvers; null removes the rule. */
    public void setDualApprovalMin(String currency, Long amountMin, Actor actor) {
        String code = currency(currency);
        if (amountMin != null && amountMin <= 0) {
            throw new InvalidInputException("amountMin", "amountMin must be a positive amount in minor units, or null");
        }
        tx.run(() -> {
            Long before = policy.dualApprovalMin(code).stream().boxed().findFirst().orElse(null);
            policy.setDualApprovalMin(code, amountMin, actor);
            audit.append(AuditEvent.success(actor, "DUAL_APPROVAL_THRESHOLD_SET", "APPROVAL_POLICY", code,
                    change(before, amountMin)));
        });
    }

    /** {@code operatorId} may approve orders of {@code currency} up to {@code amountMax}; null removes the cap. */
    public void setApprovalCap(long operatorId, String currency, Long amountMax, Actor actor) {
        String code = currency(currency);
        if (amountMax != null && amountMax < 0) {
            throw new InvalidInputException("amountMax", "amountMax must be zero or more minor units, or null");
        }
        tx.run(() -> {
            Long before = policy.approvalCap(String.valueOf(operatorId), code).stream().boxed().findFirst().orElse(null);
            if (!policy.setApprovalCap(operatorId, code, amountMax, actor)) {
                throw new NotFoundException("operator", String.valueOf(operatorId));
            }
            Map<String, Object> details = change(before, amountMax);
            details.put("currency", code);
            audit.append(AuditEvent.success(actor, "APPROVAL_CAP_SET", "OPERATOR", String.valueOf(operatorId), details));
        });
    }

    private static Map<String, Object> change(Long before, Long after) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("before", before);
        details.put("after", after);
        return details;
    }

    private static String currency(String currency) {
        String code = currency == null ? "" : currency.trim().toUpperCase(Locale.ROOT);
        if (!Money.isCurrency(code)) {
            throw new InvalidInputException("currency", "currency must be an ISO 4217 code such as USD");
        }
        return code;
    }
}
