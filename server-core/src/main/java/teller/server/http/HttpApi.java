package teller.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import teller.server.ServerCore;
import teller.server.common.IdempotencyRecords;

/** Every route of the API, from each feature's route class: the single route table. */
public final class HttpApi {
    private final List<ApiRoute> routes = new ArrayList<>();

    /**
     * @param metricsPublic whether {@code GET /metrics} is open to anyone (bound to loopback, or
     *                      METRICS_PUBLIC=true); otherwise it needs a token with scope {@code metrics:read}
     */
    public HttpApi(ServerCore.Services services, IdempotencyRecords idempotencyRecords, ObjectMapper json,
                   BooleanSupplier ready, Supplier<String> metrics, Supplier<List<teller.server.provider.ProviderReport>> providers,
                   boolean metricsPublic) {
        var idempotent = new IdempotentWrites(idempotencyRecords, json);
        routes.addAll(new SystemRoutes(ready, metrics, providers, services.audit(),
                metricsPublic ? Access.PUBLIC : SystemRoutes.METRICS_PROTECTED).routes());
        routes.addAll(new AuthRoutes(services.auth(), idempotent, json).routes());
        routes.addAll(new PlayerRoutes(services.players(), services.referrals(), services.risk(), services.fraud(), idempotent,
                json).routes());
        routes.addAll(new OrderRoutes(services.intake(), services.orders(), services.approvals(), services.claims(),
                services.risk(), services.proofs(), services.fraud(), idempotent, json,
                services.approvalPolicy()::confirmAboveAmount).routes());
        routes.addAll(new LedgerRoutes(services.ledger()).routes());
        routes.addAll(new ApprovalPolicyRoutes(services.approvalPolicy(), json).routes());
        routes.addAll(new ApiTokenRoutes(services.apiTokens(), json).routes());
        routes.addAll(new ReportRoutes(services.reports(), new teller.server.export.ReportExporter(json)).routes());
        routes.addAll(new DashboardRoutes(services.dashboard()).routes());
        routes.addAll(new WebhookRoutes(services.payments(), json).routes());
        routes.addAll(new ReferralRoutes(services.referrals(), idempotent, json).routes());
        routes.addAll(new EventRoutes(services.events(), services.events().settings(), json, java.time.Clock.systemUTC(),
                EventRoutes.credentialCheck(services.auth(), services.apiTokens())).routes());
        routes.addAll(new ProofForwardRoutes(services.proofForwards()).routes());
        routes.addAll(new TelegramRoutes(services.telegram(), json).routes());
        routes.addAll(new FraudRoutes(services.fraud(), idempotent, json).routes());
    }

    public List<ApiRoute> routes() {
        return List.copyOf(routes);
    }
}
