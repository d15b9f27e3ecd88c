package teller.server.http;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.common.ConflictException;
import teller.server.common.DatabaseUnavailableException;
import teller.server.common.DomainException;
import teller.server.common.ForbiddenException;
import teller.server.common.InvalidInputException;
import teller.server.common.NotFoundException;
import teller.server.common.OverloadedException;
import teller.server.common.RuleViolationException;
import teller.server.common.TooManyRequestsException;
import teller.server.common.UnauthorizedException;

/**
 * The one place domain errors become HTTP: 400 bad input, 401, 403, 404, 409 state conflict, 410 gone,
 * 422 rule refusal, 429 rate limit, 503 overload. Anything unexpected is a 500 with a correlation id, logged once
 * with its stack trace and never shown to the client.
 */
final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {
    }

    static int status(DomainException e) {
        if (e instanceof InvalidInputException invalid) {
            return invalid.semantic() ? 422 : 400;
        }
        if (e instanceof UnauthorizedException) {
            return 401;
        }
        if (e instanceof ForbiddenException) {
            return 403;
        }
        if (e instanceof NotFoundException) {
            return 404;
        }
        if (e instanceof ConflictException) {
            return 409;
        }
        if (e instanceof teller.server.common.GoneException) {
            return 410;
        }
        if (e instanceof RuleViolationException) {
            return 422;
        }
        if (e instanceof OverloadedException) {
            return 503;
        }
        if (e instanceof teller.server.common.UnavailableException || e instanceof DatabaseUnavailableException) {
            return 503;
        }
        if (e instanceof TooManyRequestsException) {
            return 429;
        }
        return 400;
    }

    static void domain(DomainException e, Context ctx) {
        if (e instanceof TooManyRequestsException limited) {
            ctx.header("Retry-After", String.valueOf(limited.retryAfterSeconds()));
        }
        if (e instanceof OverloadedException) {
            ctx.header("Retry-After", String.valueOf(OverloadedException.RETRY_AFTER_SECONDS));
        }
        if (e instanceof DatabaseUnavailableException databaseDown) {
            if (databaseDown.getCause() != null) {
                // The embedded database's supervisor logs its own outage (no cause); a DATABASE_URL's is logged here once.
                teller.server.common.DatabaseOutage.report("a request", databaseDown.getCause());
            }
            ctx.header("Retry-After", String.valueOf(databaseDown.retryAfterSeconds()));
        }

        if (e instanceof teller.server.common.UnavailableException unavailable && unavailable.retryAfterSeconds() != null) {
            ctx.header("Retry-After", String.valueOf(unavailable.retryAfterSeconds()));
        }
        ctx.attribute(ApiServer.ERROR_CODE_ATTRIBUTE, e.code());
        ctx.status(status(e)).json(body(e.code(), e.getMessage(), e.details()));
    }

    static void unexpected(Exception e, Context ctx) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof DatabaseUnavailableException unavailable) {
                // Wrapped on its way up (an executor, a future): still the database, not a bug.
                domain(unavailable, ctx);
                return;
            }
        }
        String correlationId = UUID.randomUUID().toString();
        log.error("unexpected failure on {} {} [correlationId={}]", ctx.method(), ctx.path(), correlationId, e);
        ctx.attribute(ApiServer.ERROR_CODE_ATTRIBUTE, "INTERNAL_ERROR");
        ctx.status(500).json(body("INTERNAL_ERROR", "the server failed to handle this request",
                Map.of("correlationId", correlationId)));
    }

    static Map<String, Object> body(String code, String message, Map<String, Object> details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("details", details);
        return Map.of("error", error);
    }
}
