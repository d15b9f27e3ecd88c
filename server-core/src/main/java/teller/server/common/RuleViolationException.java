package teller.server.common;

import java.util.HashMap;
import java.util.Map;

/** A business rule refused the request; the rule is named in the details. */
public class RuleViolationException extends DomainException {
    public RuleViolationException(String code, String rule, String message, Map<String, Object> details) {
        super(code, message, withRule(rule, details));
    }

    private static Map<String, Object> withRule(String rule, Map<String, Object> details) {
        Map<String, Object> all = new HashMap<>(details == null ? Map.of() : details);
        all.put("rule", rule);
        return all;
    }
}
