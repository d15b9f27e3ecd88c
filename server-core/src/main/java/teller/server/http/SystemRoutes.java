package teller.server.http;

import static io.javalin.http.HandlerType.GET;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import teller.server.BuildInfo;
import teller.server.audit.AuditEvent;
import teller.server.audit.AuditFilter;
import teller.server.audit.AuditQueries;
import teller.server.provider.ProviderReport;

/** Health, metrics, providers and the audit trail. */
final class SystemRoutes {
    /** /metrics off loopback: Prometheus with a token of scope metrics:read, or an administrator or auditor. */
    static final Access METRICS_PROTECTED = Access.AUDIT.orScope(teller.server.auth.Scopes.METRICS_READ);

    private final BooleanSupplier ready;
    private final Access metricsAccess;
    private final Supplier<String> metrics;
    private final Supplier<List<ProviderReport>> providers;
    private final AuditQueries audit;

    SystemRoutes(BooleanSupplier ready, Supplier<String> metrics, Supplier<List<ProviderReport>> providers,
                 AuditQueries audit, Access metricsAccess) {
        this.ready = ready;
        this.metricsAccess = metricsAccess;
        this.metrics = metrics;
        this.providers = providers;
        this.audit = audit;
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String upper(String value) {
        String text = text(value);
        return text == null ? null : text.toUpperCase(java.util.Locale.ROOT);
    }

    List<ApiRoute> routes() {
        return List.of(
                new ApiRoute(GET, "/health", Access.PUBLIC, "The process is alive", null, "Health",
                        ctx -> ctx.json(Map.of("status", "ok", "version", BuildInfo.VERSION))),
                new ApiRoute(GET, "/health/ready", Access.PUBLIC, "The database is reachable and migrated", null,
                        "Health", ctx -> {
                    boolean ok = ready.getAsBoolean();
                    ctx.status(ok ? 200 : 503).json(Map.of("status", ok ? "ready" : "unavailable"));
                }),
                new ApiRoute(GET, "/metrics", metricsAccess, "Prometheus metrics (public on loopback or with "
                        + "METRICS_PUBLIC=true; otherwise a token with scope metrics:read)", null, null,
                        ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.get())),
                new ApiRoute(GET, "/api/v1/providers", Access.SIGNED_IN,
                        "Every provider (game-load, payout, Telegram, each payment provider's webhooks): configured, "
                                + "sandbox, breaker state and since when, failure rate, last error", null, "ProviderList",
                        ctx -> ctx.json(Map.of("items", providers.get().stream().map(ProviderReport::view).toList()))),
                new ApiRoute(GET, "/api/v1/audit", Access.AUDIT,
                        "The audit trail, newest first, each row with the acting operator's actorUsername; filters "
                                + "actorType, actorId, actor (an operator's username), action, resourceType, resourceId, "
                                + "outcome, from, to (ISO-8601, to exclusive)", null, "AuditPage", ctx -> {
                    var filter = new AuditFilter(upper(ctx.queryParam("actorType")), text(ctx.queryParam("actorId")),
                            text(ctx.queryParam("actor")),
                            upper(ctx.queryParam("action")), upper(ctx.queryParam("resourceType")),
                            text(ctx.queryParam("resourceId")),
                            Requests.enumParam(ctx, "outcome", AuditEvent.Outcome.class),
                            Requests.instantParam(ctx, "from"), Requests.instantParam(ctx, "to"));
                    ctx.json(Views.page(audit.list(filter, ctx.queryParam("cursor"), Requests.limit(ctx)), Views::audit));
                }),
                new ApiRoute(GET, "/api/v1/audit/verify", Access.AUDIT, "Re-hash the audit chain", null,
                        "AuditVerification", ctx -> {
                    var result = audit.verify();
                    ctx.json(Views.mapOf("intact", result.intact(), "rowsChecked", result.rowsChecked(),
                            "firstBrokenId", result.firstBrokenId() == null ? null : String.valueOf(result.firstBrokenId()),
                            "problem", result.problem(), "unsealed", result.unsealed()));
                }));
    }
}
