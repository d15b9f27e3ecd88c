package teller.server.http;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import teller.server.referrals.ReferralReward;
import teller.server.referrals.ReferralService;

/** Who referred a player, and the rewards a referrer earned (decision 0037). */
final class ReferralRoutes {
    private final ReferralService referrals;
    private final IdempotentWrites idempotent;
    private final ObjectMapper json;

    ReferralRoutes(ReferralService referrals, IdempotentWrites idempotent, ObjectMapper json) {
        this.referrals = referrals;
        this.idempotent = idempotent;
        this.json = json;
    }

    List<ApiRoute> routes() {
        return List.of(
                new ApiRoute(PUT, "/api/v1/players/{id}/referrer", Access.SUPERVISE,
                        "Set who referred a player (once; never the player itself or a loop)", "ReferrerChange",
                        "Referrals", ctx -> {
                    String id = ctx.pathParam("id");
                    var body = Bodies.read(ctx, json, RequestBodies.ReferrerChange.class);
                    idempotent.handle(ctx, Requests.principal(ctx), () -> {
                        referrals.setReferrer(id, body.referrerId(), Requests.principal(ctx).actor());
                        return new IdempotentWrites.Response(200, view(referrals.referrals(id, null, teller.server.common.Page.LIMIT_DEFAULT)));
                    });
                }),
                new ApiRoute(GET, "/api/v1/players/{id}/referrals", Access.SIGNED_IN,
                        "A referrer's level, rate and the rewards it earned, newest first", null, "Referrals",
                        ctx -> ctx.json(view(referrals.referrals(ctx.pathParam("id"), ctx.queryParam("cursor"),
                                Requests.limit(ctx))))));
    }

    private static Map<String, Object> view(ReferralService.Referrals r) {
        Map<String, Object> v = Views.mapOf(
                "playerId", r.player().id(),
                "referrerId", r.player().referrerId(),
                "referredPlayers", r.referredPlayers(),
                "level", r.level(),
                "percent", r.percent());
        v.putAll(Views.page(r.rewards(), ReferralRoutes::reward));
        return v;
    }

    private static Map<String, Object> reward(ReferralReward w) {
        return Views.mapOf(
                "id", String.valueOf(w.id()),
                "buyerId", w.buyerId(),
                "orderId", String.valueOf(w.orderId()),
                "level", w.level(),
                "percent", w.percent(),
                "depositAmount", w.depositAmount(),
                "amount", w.amount(),
                "currency", w.currency(),
                "status", w.status().name(),
                "attempts", w.attempts(),
                "lastError", w.lastError(),
                "transactionId", w.transactionId() == null ? null : String.valueOf(w.transactionId()),
                "createdAt", w.createdAt(),
                "grantedAt", w.grantedAt());
    }
}
