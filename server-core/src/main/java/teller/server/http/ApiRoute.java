package teller.server.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * One endpoint: method, path, who may call it, and what the OpenAPI document says about it.
 * {@code requestSchema} and {@code responseSchema} name entries of {@link OpenApi}'s schemas.
 */
public record ApiRoute(HandlerType method, String path, Access access, String summary, String requestSchema,
                       String responseSchema, Handler handler) {
}
