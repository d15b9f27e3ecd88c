package teller.server.http;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import teller.server.auth.ApiToken;
import teller.server.auth.ApiTokenService;
import teller.server.common.Page;

/** API tokens for integrations: created (secret shown once), listed without secrets, revoked. */
final class ApiTokenRoutes {
    private final ApiTokenService tokens;
    private final ObjectMapper json;

    ApiTokenRoutes(ApiTokenService tokens, ObjectMapper json) {
        this.tokens = tokens;
        this.json = json;
    }

    List<ApiRoute> routes() {
        return List.of(
                new ApiRoute(POST, "/api/v1/api-tokens", Access.ADMINISTER,
                        "Create an API token for an integration; the token is shown in this answer only", "NewApiToken",
                        "NewApiTokenResult", ctx -> {
                    var body = Bodies.read(ctx, json, RequestBodies.NewApiToken.class);
                    var created = tokens.create(body.name(), body.scopes(), Requests.principal(ctx).actor());
                    Map<String, Object> view = view(created.token());
                    view.put("token", created.secret());
                    ctx.status(201).json(view);
                }),
                new ApiRoute(GET, "/api/v1/api-tokens", Access.AUDIT, "API tokens, without their secrets", null,
                        "ApiTokenList",
                        // A handful of integrations: one page always holds them all.
                        ctx -> ctx.json(Views.page(new Page<>(tokens.list(), null), ApiTokenRoutes::view))),
                new ApiRoute(POST, "/api/v1/api-tokens/{id}/revoke", Access.ADMINISTER,
                        "Revoke an API token: it stops working at once", null, "ApiToken",
                        ctx -> ctx.json(view(tokens.revoke(Requests.idParam(ctx, "id"), Requests.principal(ctx).actor())))));
    }

    private static Map<String, Object> view(ApiToken t) {
        return Views.mapOf("id", String.valueOf(t.id()), "name", t.name(), "scopes", List.copyOf(t.scopes()),
                "active", t.active(), "createdAt", t.createdAt(), "createdBy", t.createdBy(),
                "revokedAt", t.revokedAt(), "lastUsedAt", t.lastUsedAt());
    }
}
