package teller.server.http;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PATCH;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import teller.server.auth.AuthService;
import teller.server.auth.Role;
import teller.server.common.InvalidInputException;
import teller.server.common.Page;

final class AuthRoutes {
    private final AuthService auth;
    private final IdempotentWrites idempotent;
    private final ObjectMapper json;

    AuthRoutes(AuthService auth, IdempotentWrites idempotent, ObjectMapper json) {
        this.auth = auth;
        this.idempotent = idempotent;
        this.json = json;
    }

    List<ApiRoute> routes() {
        return List.of(
                new ApiRoute(POST, "/api/v1/auth/login", Access.PUBLIC, "Sign in; returns a bearer token", "Login",
                        "LoginResult", ctx -> {
                    var body = Bodies.read(ctx, json, RequestBodies.Login.class);
                    var login = auth.login(body.username(), body.password(), ctx.ip());
                    ctx.json(Views.mapOf("token", login.token(), "expiresAt", login.expiresAt(),
                            "operator", me(login.operator())));
                }),
                new ApiRoute(POST, "/api/v1/auth/logout", Access.SIGNED_IN, "End this session", null, null, ctx -> {
                    Principal principal = Requests.principal(ctx);
                    auth.logout(principal.session(), principal.actor());
                    ctx.status(204);
                }),
                new ApiRoute(GET, "/api/v1/me", Access.SIGNED_IN, "The signed-in operator", null, "Me",
                        ctx -> ctx.json(me(Requests.principal(ctx).session().operator()))),
                new ApiRoute(GET, "/api/v1/operators", Access.AUDIT, "List operators", null, "OperatorList",
                        // Operators are a handful of people: one page always holds them all.
                        ctx -> ctx.json(Views.page(new Page<>(auth.listOperators(), null), Views::operator))),
                new ApiRoute(POST, "/api/v1/operators", Access.ADMINISTER, "Create an operator", "NewOperator",
                        "Operator", ctx -> {
                    var body = Bodies.read(ctx, json, RequestBodies.NewOperator.class);
                    var roles = roles(body.roles());
                    idempotent.handle(ctx, Requests.principal(ctx), () -> new IdempotentWrites.Response(201,
                            Views.operator(auth.createOperator(body.username(), body.password(), roles,
                                    Requests.principal(ctx).actor()))));
                }),
                new ApiRoute(PATCH, "/api/v1/operators/{id}", Access.ADMINISTER,
                        "Change an operator's roles, disable them or set a new password (the last two end their sessions)", "OperatorChange", "Operator",
                        ctx -> {
                    long id = Requests.idParam(ctx, "id");
                    var body = Bodies.read(ctx, json, RequestBodies.OperatorChange.class);
                    var roles = body.roles() == null ? null : roles(body.roles());
                    ctx.json(Views.operator(auth.updateOperator(id, roles, body.active(), body.password(),
                            Requests.principal(ctx).actor())));
                }));
    }

    private static Map<String, Object> me(teller.server.auth.Operator operator) {
        return Views.mapOf("id", String.valueOf(operator.id()), "username", operator.username(),
                "roles", operator.roles().stream().map(Enum::name).sorted().toList());
    }

    private static Set<Role> roles(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new InvalidInputException("roles", "at least one role is required");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names) {
            try {
                roles.add(Role.valueOf(String.valueOf(name).trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("roles", "unknown role " + name + "; one of "
                        + java.util.Arrays.toString(Role.values()));
            }
        }
        return roles;
    }
}
