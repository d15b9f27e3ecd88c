package teller.server.common;

import java.util.Map;

/**
 * Bad input, naming the offending field; nothing has been written. Malformed input is a 400;
 * well-formed input that names something impossible (an unknown player, the wrong currency) is
 * {@link #semantic} and a 422.
 */
public final class InvalidInputException extends DomainException {
    private final String field;
    private final boolean semantic;

    public InvalidInputException(String field, String message) {
        this("INVALID_INPUT", field, message);
    }

    public InvalidInputException(String code, String field, String message) {
        this(code, field, message, false);
    }

    private InvalidInputException(String code, String field, String message, boolean semantic) {
        super(code, message, Map.of("field", field));
        this.field = field;
        this.semantic = semantic;
    }

    public static InvalidInputException semantic(String code, String field, String message) {
        return new InvalidInputException(code, field, message, true);
    }

    public String field() {
        return field;
    }

    public boolean semantic() {
        return semantic;
    }
}
