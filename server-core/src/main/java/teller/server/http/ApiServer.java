package teller.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import teller.server.auth.AuthService;
import teller.server.common.Actor;
import teller.server.common.ActorType;
import teller.server.common.DomainException;

/**
 * The HTTP server: registers the route table, checks every non-public route's bearer token and
 * roles before it runs, maps errors in one place and times requests for /metrics.
 */
public final class ApiServer implements AutoCloseable {
    public static final long REQUEST_SIZE_MAX_BYTES = 16L * 1024 * 1024;
    private static final int HTTP_THREADS_MIN = 8;

    private final Javalin javalin;
    private final List<ApiRoute> routes;

    public ApiServer(List<ApiRoute> featureRoutes, AuthService auth, ObjectMapper json, MeterRegistry metrics,
                     int httpThreadsMax, String version) {
        List<ApiRoute> all = new ArrayList<>(featureRoutes);
        all.add(new ApiRoute(HandlerType.GET, "/api/v1/openapi.json", Access.SIGNED_IN, "This OpenAPI document", null,
                null, ctx -> ctx.json(OpenApi.document(List.copyOf(all), version))));
        this.routes = List.copyOf(all);
        this.javalin = Javalin.create(cfg -> {
            cfg.jsonMapper(new JavalinJackson(json, false));
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = REQUEST_SIZE_MAX_BYTES;
            cfg.jetty.threadPool = new QueuedThreadPool(httpThreadsMax, HTTP_THREADS_MIN);
            cfg.requestLogger.http((ctx, millis) -> time(metrics, ctx, millis));
            for (ApiRoute route : routes) {
                cfg.routes.addEndpoint(io.javalin.router.Endpoint.create(route.method(), route.path())
                        .addMetadata(new io.javalin.security.Roles(java.util.Set.of(route.access())))
                        .handler(route.handler()));
            }
            cfg.routes.beforeMatched(ctx -> authorize(ctx, auth));
            cfg.routes.exception(DomainException.class, ErrorMapper::domain);
            cfg.routes.exception(Exception.class, ErrorMapper::unexpected);
            cfg.routes.error(404, ctx -> {
                if (!hasJsonBody(ctx)) {
                    ctx.json(ErrorMapper.body("NOT_FOUND", "no such endpoint: " + ctx.method() + " " + ctx.path(), Map.of()));
                }
            });
            cfg.routes.error(405, ctx -> {
                if (!hasJsonBody(ctx)) {
                    ctx.json(ErrorMapper.body("METHOD_NOT_ALLOWED", ctx.method() + " is not allowed on " + ctx.path(), Map.of()));
                }
            });
        });
    }

    public List<ApiRoute> routes() {
        return routes;
    }

    public ApiServer start(String host, int port) {
        javalin.start(host, port);
        return this;
    }

    public int port() {
        return javalin.port();
    }

    private static void authorize(Context ctx, AuthService auth) {
        Access access = ctx.routeRoles().stream().filter(Access.class::isInstance).map(Access.class::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("route without Access: " + ctx.path()));
        if (access.isPublic()) {
            return;
        }
        String header = ctx.header("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        var session = auth.authenticate(token).orElseThrow(() -> new teller.server.common.UnauthorizedException(
                "UNAUTHENTICATED", "sign in first: send Authorization: Bearer <token>"));
        if (!session.operator().hasAny(access.roles())) {
            throw new teller.server.common.ForbiddenException("FORBIDDEN",
                    "your roles do not allow this; it needs one of " + access.roles());
        }
        Actor actor = new Actor(ActorType.OPERATOR, String.valueOf(session.operator().id()), session.operator().username(),
                ctx.ip());
        ctx.attribute(Principal.ATTRIBUTE, new Principal(session, actor));
    }

    /**
     * A 404 or 405 that a handler produced already carries our JSON error; Javalin's own ("Endpoint
     * ... not found") is plain text and is replaced so every error has the one documented shape.
     */
    private static boolean hasJsonBody(Context ctx) {
        String type = ctx.res().getContentType();
        return ctx.result() != null && type != null && type.contains("json");
    }

    private static void time(MeterRegistry metrics, Context ctx, float millis) {
        var endpoint = ctx.endpoints().lastHttpEndpoint();
        Timer.builder("teller.http.requests")
                .tag("method", ctx.method().name())
                .tag("route", endpoint == null ? "unmatched" : endpoint.path)
                .tag("status", String.valueOf(ctx.statusCode()))
                .register(metrics)
                .record((long) (millis * 1000), TimeUnit.MICROSECONDS);
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
