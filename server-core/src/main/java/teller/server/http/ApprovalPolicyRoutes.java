package teller.server.http;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import teller.server.approval.ApprovalPolicyService;

/** Maker-checker settings: the two-approver threshold per currency and per-operator approval caps. */
final class ApprovalPolicyRoutes {
    private final ApprovalPolicyService policy;
    private final ObjectMapper json;

    ApprovalPolicyRoutes(ApprovalPolicyService policy, ObjectMapper json) {
        this.policy = policy;
        this.json = json;
    }

    List<ApiRoute> routes() {
        return List.of(
                new ApiRoute(GET, "/api/v1/approval-policy", Access.AUDIT,
                        "Two-approver thresholds per currency, per-operator approval caps and the amounts above which the desktop "
                                + "confirms an approval (CONFIRM_ABOVE_AMOUNT)", null, "ApprovalPolicy",
                        ctx -> ctx.json(view())),
                new ApiRoute(PUT, "/api/v1/approval-policy/dual-approval/{currency}", Access.ADMINISTER,
                        "Orders of the currency at or above amountMin need two approvers (null removes the rule)",
                        "DualApprovalChange", "ApprovalPolicy", ctx -> {
                    String currency = ctx.pathParam("currency");
                    var body = Bodies.read(ctx, json, RequestBodies.DualApprovalChange.class);
                    policy.setDualApprovalMin(currency, body.amountMin(), Requests.principal(ctx).actor());
                    ctx.json(view());
                }),
                new ApiRoute(PUT, "/api/v1/operators/{id}/approval-caps/{currency}", Access.ADMINISTER,
                        "The largest amount the operator may approve in the currency (null removes the cap)",
                        "ApprovalCapChange", "ApprovalPolicy", ctx -> {
                    long id = Requests.idParam(ctx, "id");
                    String currency = ctx.pathParam("currency");
                    var body = Bodies.read(ctx, json, RequestBodies.ApprovalCapChange.class);
                    policy.setApprovalCap(id, currency, body.amountMax(), Requests.principal(ctx).actor());
                    ctx.json(view());
                }));
    }

    private Object view() {
        var settings = policy.settings();
        return Views.mapOf(
                "dualApproval", settings.dualApproval().stream()
                        .map(t -> Views.mapOf("currency", t.currency(), "amountMin", t.amountMin())).toList(),
                "caps", settings.caps().stream()
                        .map(c -> Views.mapOf("operatorId", c.operatorId(), "currency", c.currency(),
                                "amountMax", c.amountMax())).toList(),
                // CONFIRM_ABOVE_AMOUNT, read-only here (a server setting; decision 0145).
                "confirmAboveAmount", settings.confirmAboveAmount().entrySet().stream()
                        .map(e -> Views.mapOf("currency", e.getKey(), "amount", e.getValue())).toList());
    }
}
