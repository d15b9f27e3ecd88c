package teller.server.http;

import io.javalin.http.Context;
import teller.server.common.InvalidInputException;
import teller.server.common.Page;

/** Query and path parameters, validated with the parameter named on error. */
final class Requests {
    private Requests() {
    }

    static long idParam(Context ctx, String name) {
        String raw = ctx.pathParam(name);
        try {
            long id = Long.parseLong(raw);
            if (id <= 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, name + " must be a positive whole number");
        }
    }

    /** A positive whole-number query parameter, or null when absent. */
    static Long optionalIdParam(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(raw.trim());
            if (id <= 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, name + " must be a positive whole number");
        }
    }

    static int limit(Context ctx) {
        String raw = ctx.queryParam("limit");
        if (raw == null || raw.isBlank()) {
            return Page.LIMIT_DEFAULT;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit < 1 || limit > Page.LIMIT_MAX) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("limit", "limit must be between 1 and " + Page.LIMIT_MAX);
        }
    }

    static <E extends Enum<E>> E enumParam(Context ctx, String name, Class<E> type) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, raw.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(name, name + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    static java.time.Instant instantParam(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return java.time.Instant.parse(raw.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidInputException(name, name + " must be an ISO-8601 UTC time such as 2026-01-31T12:00:00Z");
        }
    }

    static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(Principal.ATTRIBUTE);
        if (principal == null) {
            throw new IllegalStateException("route reached without a principal: check its Access");
        }
        return principal;
    }
}
