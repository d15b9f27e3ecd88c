package teller.server.http;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import teller.server.auth.Scopes;
import teller.server.players.PlayerService;

final class PlayerRoutes {
    private final PlayerService players;
    private final IdempotentWrites idempotent;
    private final ObjectMapper json;

    PlayerRoutes(PlayerService players, IdempotentWrites idempotent, ObjectMapper json) {
        this.players = players;
        this.idempotent = idempotent;
        this.json = json;
    }

    List<ApiRoute> routes() {
        return List.of(
                new ApiRoute(POST, "/api/v1/players", Access.SUPERVISE.orScope(Scopes.PLAYERS_WRITE),
                        "Register a player with a wallet (idempotent on id, or on username without an id)", "NewPlayer",
                        "Player", ctx -> {
                    var body = Bodies.read(ctx, json, RequestBodies.NewPlayer.class);
                    idempotent.handle(ctx, Requests.principal(ctx), () -> {
                        var registration = players.register(body.id(), body.username(), body.currency(),
                                Requests.principal(ctx).actor());
                        return new IdempotentWrites.Response(registration.created() ? 201 : 200,
                                Views.withDuplicate(Views.player(registration.account()), !registration.created()));
                    });
                }),
                new ApiRoute(GET, "/api/v1/players/{id}", Access.SIGNED_IN.orScope(Scopes.PLAYERS_READ),
                        "A player with balance and available",
                        null, "Player", ctx -> ctx.json(Views.player(players.get(ctx.pathParam("id"))))));
    }
}
