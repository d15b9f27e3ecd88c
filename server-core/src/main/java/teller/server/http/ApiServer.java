package teller.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.auth.ApiTokenService;
import teller.server.auth.AuthService;
import teller.server.common.Actor;
import teller.server.common.ActorType;
import teller.server.audit.AuditEvent;
import teller.server.common.ConflictException;
import teller.server.common.DatabaseUnavailableException;
import teller.server.common.DomainException;
import teller.server.common.RuleViolationException;
import teller.server.common.ForbiddenException;
import teller.server.common.Sha256;
import teller.server.common.TooManyRequestsException;
import teller.server.common.UnauthorizedException;
import teller.server.config.RateLimitSettings;

/**
 * The HTTP server: registers the route table, applies the rate limits, checks every non-public
 * route's bearer token (an operator's session, or an integration's API token) against the route's
 * roles or scopes before it runs, audits refusals, maps errors in one place and times requests for
 * /metrics.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    private static final String API_PREFIX = "/api/v1/";
    public static final long REQUEST_SIZE_MAX_BYTES = 16L * 1024 * 1024;
    private static final int HTTP_THREADS_MIN = 8;

    private final Javalin javalin;
    private final List<ApiRoute> routes;
    private final TlsConnector tls;
    /** Where {@link #start} listens; read by the TLS connector, which Javalin builds while starting. */
    private volatile String host;
    private volatile int requestedPort;
    /** Told each error code answered (the NEW_ERROR_CODE alert); nothing until {@link #onErrorCode}. */
    private volatile java.util.function.Consumer<String> errorCodes = code -> { };
    /** Request attribute: the error code of a refused request ({@link ErrorMapper}). */
    static final String ERROR_CODE_ATTRIBUTE = "teller.errorCode";
    /** Request attribute: the response is a replay of an earlier request with the same key. */
    static final String REPLAYED_ATTRIBUTE = "teller.replayed";

    public ApiServer(List<ApiRoute> featureRoutes, AuthService auth, ObjectMapper json, MeterRegistry metrics,
                     int httpThreadsMax, String version, RateLimitSettings limits, Clock clock,
                     ApiTokenService apiTokens) {
        this(featureRoutes, auth, json, metrics, httpThreadsMax, version, limits, clock, apiTokens, null);
    }

    /** @param tls the HTTPS listener, or null for plain HTTP */
    public ApiServer(List<ApiRoute> featureRoutes, AuthService auth, ObjectMapper json, MeterRegistry metrics,
                     int httpThreadsMax, String version, RateLimitSettings limits, Clock clock,
                     ApiTokenService apiTokens, TlsConnector tls) {
        this(featureRoutes, auth, json, metrics, httpThreadsMax, version, limits, clock, apiTokens, tls, () -> true);
    }

    /**
     * @param tls               the HTTPS listener, or null for plain HTTP
     * @param databaseAvailable false while the database is known to be down: every request but the
     *                          health checks then answers 503 DATABASE_UNAVAILABLE at once
     */
    public ApiServer(List<ApiRoute> featureRoutes, AuthService auth, ObjectMapper json, MeterRegistry metrics,
                     int httpThreadsMax, String version, RateLimitSettings limits, Clock clock,
                     ApiTokenService apiTokens, TlsConnector tls, java.util.function.BooleanSupplier databaseAvailable) {
        this.tls = tls;
        var perToken = new RateLimiter(limits.perTokenPerSecond(), limits.perTokenBurst(), clock);
        var perAddress = new RateLimiter(limits.perAddressPerSecond(), limits.perAddressBurst(), clock);
        List<ApiRoute> all = new ArrayList<>(featureRoutes);
        all.add(new ApiRoute(HandlerType.GET, "/api/v1/openapi.json", Access.SIGNED_IN, "This OpenAPI document", null,
                null, ctx -> ctx.json(OpenApi.document(List.copyOf(all), version))));
        this.routes = List.copyOf(all);
        this.javalin = Javalin.create(cfg -> {
            cfg.jsonMapper(new JavalinJackson(json, false));
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = REQUEST_SIZE_MAX_BYTES;
            cfg.jetty.threadPool = new QueuedThreadPool(httpThreadsMax, HTTP_THREADS_MIN);
            if (tls != null) {
                // Replaces Javalin's plain connector: with a keystore the port speaks HTTPS only.
                cfg.jetty.addConnector((server, httpConfig) -> tls.create(server, httpConfig, host, requestedPort));
            }
            cfg.requestLogger.http((ctx, millis) -> {
                time(metrics, ctx, millis);
                count(metrics, ctx);
            });
            for (ApiRoute route : routes) {
                cfg.routes.addEndpoint(io.javalin.router.Endpoint.create(route.method(), route.path())
                        .addMetadata(new io.javalin.security.Roles(java.util.Set.of(route.access())))
                        .handler(route.handler()));
            }
            cfg.routes.beforeMatched(ctx -> {
                if (!databaseAvailable.getAsBoolean() && !ctx.path().startsWith("/health")) {
                    throw new DatabaseUnavailableException("the database is restarting; try again shortly", null);
                }
                authorize(ctx, auth, apiTokens, perToken, perAddress);
            });
            cfg.routes.exception(DomainException.class, (e, ctx) -> {
                if (e instanceof ForbiddenException) {
                    auditRefusal(ctx, auth, e, AuditEvent.Outcome.DENIED);
                } else if (ctx.method() != HandlerType.GET
                        && (e instanceof ConflictException || e instanceof RuleViolationException)) {
                    auditRefusal(ctx, auth, e, AuditEvent.Outcome.FAILURE);
                }
                ErrorMapper.domain(e, ctx);
            });
            cfg.routes.exception(Exception.class, ErrorMapper::unexpected);
            cfg.routes.error(404, ctx -> {
                if (!hasJsonBody(ctx)) {
                    ctx.attribute(ERROR_CODE_ATTRIBUTE, "NOT_FOUND");
                    ctx.json(ErrorMapper.body("NOT_FOUND", "no such endpoint: " + ctx.method() + " " + ctx.path(), Map.of()));
                }
            });
            cfg.routes.error(405, ctx -> {
                if (!hasJsonBody(ctx)) {
                    ctx.attribute(ERROR_CODE_ATTRIBUTE, "METHOD_NOT_ALLOWED");
                    ctx.json(ErrorMapper.body("METHOD_NOT_ALLOWED", ctx.method() + " is not allowed on " + ctx.path(), Map.of()));
                }
            });
        });
    }

    public List<ApiRoute> routes() {
        return routes;
    }

    public ApiServer start(String host, int port) {
        this.host = host;
        this.requestedPort = port;
        javalin.start(host, port);
        return this;
    }

    public int port() {
        return javalin.port();
    }

    /** {@code https} when the server was given a keystore, else {@code http}. */
    public String scheme() {
        return tls == null ? "http" : "https";
    }

    /**
     * Rate limits first (per address for every API call, login included, then per token before the
     * token costs a database lookup), then the session, then the route's roles.
     */
    private static void authorize(Context ctx, AuthService auth, ApiTokenService apiTokens, RateLimiter perToken,
                                  RateLimiter perAddress) {
        Access access = ctx.routeRoles().stream().filter(Access.class::isInstance).map(Access.class::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("route without Access: " + ctx.path()));
        boolean api = ctx.path().startsWith(API_PREFIX);
        if (api && !perAddress.tryAcquire(ctx.ip())) {
            throw new TooManyRequestsException("RATE_LIMITED", "too many requests from your address; slow down",
                    perAddress.secondsUntilNext());
        }
        if (access.isPublic()) {
            return;
        }
        String header = ctx.header("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (api && token != null && !token.isEmpty() && !perToken.tryAcquire(Sha256.hex(token))) {
            throw new TooManyRequestsException("RATE_LIMITED", "too many requests with this token; slow down",
                    perToken.secondsUntilNext());
        }
        if (ApiTokenService.looksLikeApiToken(token)) {
            var integration = apiTokens.authenticate(token).orElseThrow(() -> new UnauthorizedException(
                    "UNAUTHENTICATED", "this API token is unknown or revoked"));
            ctx.attribute(Principal.ATTRIBUTE, new Principal(null, new Actor(ActorType.INTEGRATION, integration.name(),
                    integration.name(), ctx.ip())));
            if (integration.scopes().stream().noneMatch(access.scopes()::contains)) {
                throw new ForbiddenException("FORBIDDEN", "this API token's scopes do not allow this"
                        + (access.scopes().isEmpty() ? "; no API token may call it" : "; it needs one of " + access.scopes()));
            }
            return;
        }
        var session = auth.authenticate(token).orElseThrow(() -> new UnauthorizedException(
                "UNAUTHENTICATED", "sign in first: send Authorization: Bearer <token>"));
        Actor actor = new Actor(ActorType.OPERATOR, String.valueOf(session.operator().id()), session.operator().username(),
                ctx.ip());
        // Known before the role check so that a refusal is audited with who asked.
        ctx.attribute(Principal.ATTRIBUTE, new Principal(session, actor));
        if (!session.operator().hasAny(access.roles())) {
            throw new ForbiddenException("FORBIDDEN", "your roles do not allow this; it needs one of " + access.roles());
        }
    }

    /**
     * One audit row per refused request of a signed-in caller: DENIED when a role or a rule forbids it
     * (such as approving one's own order), FAILURE when a write met a conflicting state or a business
     * rule. The service's own transaction rolled back, so this is the request's only row. Bad input
     * (400) and unknown ids (404) are not audited: nothing was attempted. The resource is the route's
     * first path segment and its {id}.
     */
    private static void auditRefusal(Context ctx, AuthService auth, DomainException e, AuditEvent.Outcome outcome) {
        Principal principal = ctx.attribute(Principal.ATTRIBUTE);
        if (principal == null) {
            return;
        }
        String route = ctx.path();
        try {
            // The route template ({id}, not the id): the refusal may come before the endpoint ran.
            var endpoint = ctx.endpoints().matchedHttpEndpoint();
            route = endpoint == null ? ctx.path() : endpoint.path;
            String resourceId = ctx.pathParamMap().get("id");
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("method", ctx.method().name());
            details.put("route", route);
            details.put("code", e.code());
            auth.recordRefusal(principal.actor(), outcome, resourceType(route), resourceId, details);
        } catch (RuntimeException failure) {
            // The refusal stands either way; a lost audit row must not turn a 403 into a 500.
            log.error("could not audit a refused {} {} by {} {}", ctx.method(), route, principal.actor().type(),
                    principal.actor().id(), failure);
        }
    }

    /** {@code /api/v1/orders/{id}/approve} is about an ORDER, {@code /api/v1/api-tokens} an API_TOKEN. */
    static String resourceType(String route) {
        String rest = route.startsWith(API_PREFIX) ? route.substring(API_PREFIX.length()) : route;
        String first = rest.split("/")[0];
        if (first.endsWith("s")) {
            first = first.substring(0, first.length() - 1);
        }
        return first.replace('-', '_').replace(".", "_").toUpperCase(Locale.ROOT);
    }

    /**
     * A 404 or 405 that a handler produced already carries our JSON error; Javalin's own ("Endpoint
     * ... not found") is plain text and is replaced so every error has the one documented shape.
     */
    private static boolean hasJsonBody(Context ctx) {
        String type = ctx.res().getContentType();
        return ctx.result() != null && type != null && type.contains("json");
    }

    /** Tells {@code sink} every error code this server answers (after the response is sent). */
    public void onErrorCode(java.util.function.Consumer<String> sink) {
        this.errorCodes = sink;
    }

    /**
     * {@code teller_refused_requests_total{code,status}} per error code answered, and
     * {@code teller_idempotent_replays_total{route}} per replayed write (issue 17).
     */
    private void count(MeterRegistry metrics, Context ctx) {
        String code = ctx.attribute(ERROR_CODE_ATTRIBUTE);
        if (code != null) {
            io.micrometer.core.instrument.Counter.builder("teller.refused.requests")
                    .description("Requests answered with an error, per error code")
                    .tag("code", code).tag("status", String.valueOf(ctx.statusCode()))
                    .register(metrics).increment();
            try {
                errorCodes.accept(code);
            } catch (RuntimeException e) {
                log.warn("could not note error code {}: {}", code, e.toString());
            }
        }
        if (Boolean.TRUE.equals(ctx.attribute(REPLAYED_ATTRIBUTE))) {
            var endpoint = ctx.endpoints().lastHttpEndpoint();
            io.micrometer.core.instrument.Counter.builder("teller.idempotent.replays")
                    .description("Writes answered again from an earlier request with the same key, per route")
                    .tag("route", endpoint == null ? "unmatched" : ctx.method().name() + " " + endpoint.path)
                    .register(metrics).increment();
        }
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
