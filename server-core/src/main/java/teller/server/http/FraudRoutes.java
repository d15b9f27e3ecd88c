package teller.server.http;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import teller.server.risk.FraudFlag;
import teller.server.risk.FraudService;

/** Fraud flags: anyone signed in reads them (they travel with orders too); supervisors resolve them. */
final class FraudRoutes {
    private final FraudService fraud;
    private final IdempotentWrites idempotent;
    private final ObjectMapper json;

    FraudRoutes(FraudService fraud, IdempotentWrites idempotent, ObjectMapper json) {
        this.fraud = fraud;
        this.idempotent = idempotent;
        this.json = json;
    }

    /** The resolve body. */
    record FlagResolution(String resolution, String note) {
    }

    List<ApiRoute> routes() {
        return List.of(
                new ApiRoute(GET, "/api/v1/fraud/flags", Access.SIGNED_IN,
                        "Fraud flags, newest first; filter by status (OPEN|RESOLVED), the player's current level "
                                + "(SAFE|SUSPICIOUS|RISKY|FRAUDULENT) and playerId", null, "FraudFlagPage", ctx -> {
                    var page = fraud.list(ctx.queryParam("status"), ctx.queryParam("level"), ctx.queryParam("playerId"),
                            ctx.queryParam("cursor"), Requests.limit(ctx));
                    ctx.json(Views.page(page, FraudRoutes::view));
                }),
                new ApiRoute(POST, "/api/v1/fraud/flags/{id}/resolve", Access.SUPERVISE,
                        "Resolve an open flag: resolution CONFIRMED_FRAUD|FALSE_POSITIVE|ACCEPTED_RISK and a note (409 if "
                                + "already resolved)", "FlagResolution", "FraudFlag", ctx -> {
                    var body = Bodies.read(ctx, json, FlagResolution.class);
                    long id = Requests.idParam(ctx, "id");
                    idempotent.handle(ctx, Requests.principal(ctx), () -> new IdempotentWrites.Response(200,
                            view(fraud.resolve(id, body.resolution(), body.note(), Requests.principal(ctx).actor()))));
                }));
    }

    static Map<String, Object> view(FraudFlag f) {
        return Views.mapOf("id", String.valueOf(f.id()), "playerId", f.playerId(),
                "orderId", f.orderId() == null ? null : String.valueOf(f.orderId()), "rule", f.rule().name(),
                "points", f.points(), "evidence", f.evidence(), "status", f.status().name(),
                "resolution", f.resolution() == null ? null : f.resolution().name(), "note", f.note(),
                "resolvedBy", f.resolvedBy(), "resolvedByUsername", f.resolvedByUsername(), "resolvedAt", f.resolvedAt(), "createdAt", f.createdAt(),
                "playerScore", f.playerScore(), "playerLevel", f.playerLevel().name());
    }
}
