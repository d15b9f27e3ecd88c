package teller.server.http;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import teller.server.common.InvalidInputException;
import teller.server.players.KycStatus;
import teller.server.players.PlayerAccount;
import teller.server.players.PlayerSearch;
import teller.server.players.PlayerStatus;
import teller.server.auth.Scopes;
import teller.server.players.PlayerService;
import teller.server.referrals.ReferralService;
import teller.server.risk.RiskService;

final class PlayerRoutes {
    private final PlayerService players;
    private final ReferralService referrals;
    private final RiskService risk;
    private final teller.server.risk.FraudService fraud;
    private final IdempotentWrites idempotent;
    private final ObjectMapper json;

    PlayerRoutes(PlayerService players, ReferralService referrals, RiskService risk,
                 teller.server.risk.FraudService fraud, IdempotentWrites idempotent, ObjectMapper json) {
        this.players = players;
        this.referrals = referrals;
        this.risk = risk;
        this.fraud = fraud;
        this.idempotent = idempotent;
        this.json = json;
    }

    List<ApiRoute> routes() {
        return List.of(
                new ApiRoute(POST, "/api/v1/players", Access.SUPERVISE.orScope(Scopes.PLAYERS_WRITE),
                        "Register a player with a wallet (idempotent on id, or on username without an id), optionally "
                                + "with who referred it (the rules of PUT /players/{id}/referrer)", "NewPlayer",
                        "Player", ctx -> {
                    var body = Bodies.read(ctx, json, RequestBodies.NewPlayer.class);
                    idempotent.handle(ctx, Requests.principal(ctx), () -> {
                        var actor = Requests.principal(ctx).actor();
                        var registration = referrals.registerReferred(
                                () -> players.register(body.id(), body.username(), body.currency(), actor),
                                body.referrerId(), actor);
                        return new IdempotentWrites.Response(registration.created() ? 201 : 200,
                                Views.withDuplicate(view(registration.account()), !registration.created()));
                    });
                }),
                new ApiRoute(GET, "/api/v1/players", Access.SIGNED_IN.orScope(Scopes.PLAYERS_READ),
                        "Search players: search= matches id and username case-insensitively, those that start with it first "
                                + "(username order), then, when it holds 3 letters or digits in a row, those holding it elsewhere "
                                + "(id order); kyc= and status= filter; cursor-paged", null,
                        "PlayerPage", ctx -> {
                    var search = new PlayerSearch(ctx.queryParam("search"),
                            Requests.enumParam(ctx, "kyc", KycStatus.class),
                            Requests.enumParam(ctx, "status", PlayerStatus.class));
                    ctx.json(Views.page(players.search(search, ctx.queryParam("cursor"), Requests.limit(ctx)),
                            Views::playerListed));
                }),
                new ApiRoute(GET, "/api/v1/players/{id}", Access.SIGNED_IN.orScope(Scopes.PLAYERS_READ),
                        "A player with balance, available, KYC status, exclusion and limits", null, "Player",
                        ctx -> ctx.json(view(players.get(ctx.pathParam("id"))))),
                new ApiRoute(POST, "/api/v1/players/{id}/kyc", Access.SUPERVISE,
                        "Set a player's KYC status (a withdrawal is approved only when VERIFIED)", "KycChange", "Player",
                        ctx -> {
                    String id = ctx.pathParam("id");
                    var body = Bodies.read(ctx, json, RequestBodies.KycChange.class);
                    idempotent.handle(ctx, Requests.principal(ctx), () -> {
                        risk.setKyc(id, body.status(), Requests.principal(ctx).actor());
                        return new IdempotentWrites.Response(200, view(players.get(id)));
                    });
                }),
                new ApiRoute(POST, "/api/v1/players/{id}/exclusion", Access.DECIDE,
                        "Record a self-exclusion (TEMPORARY or EXTENDED until a time, or PERMANENT); it can only be lengthened",
                        "ExclusionChange", "Player", ctx -> {
                    String id = ctx.pathParam("id");
                    var body = Bodies.read(ctx, json, RequestBodies.ExclusionChange.class);
                    idempotent.handle(ctx, Requests.principal(ctx), () -> {
                        risk.setExclusion(id, body.type(), body.until(), Requests.principal(ctx).actor());
                        return new IdempotentWrites.Response(200, view(players.get(id)));
                    });
                }),
                new ApiRoute(PUT, "/api/v1/players/{id}/limits", Access.SUPERVISE,
                        "Replace a player's limit overrides (rule -> whole number, or null for the default)", "LimitOverrides",
                        "Player", ctx -> {
                    String id = ctx.pathParam("id");
                    Map<String, Object> body = limitsBody(ctx.bodyAsBytes());
                    idempotent.handle(ctx, Requests.principal(ctx), () -> {
                        risk.replaceLimits(id, body, Requests.principal(ctx).actor());
                        return new IdempotentWrites.Response(200, view(players.get(id)));
                    });
                }));
    }

    private Map<String, Object> limitsBody(byte[] body) {
        try {
            Map<String, Object> map = json.readValue(body, new TypeReference<Map<String, Object>>() { });
            if (map == null) {
                throw new InvalidInputException("INVALID_JSON", "body", "a JSON object of limits is required");
            }
            return map;
        } catch (java.io.IOException e) {
            throw new InvalidInputException("INVALID_JSON", "body", "a JSON object of limits is required");
        }
    }

    private Map<String, Object> view(PlayerAccount account) {
        Map<String, Object> view = Views.player(account, risk.limits(account.player().id()),
                risk.excludedNow(account.player()));
        var score = fraud.score(account.player().id());
        view.put("fraudScore", score.score());
        view.put("fraudLevel", score.level().name());
        return view;
    }
}
