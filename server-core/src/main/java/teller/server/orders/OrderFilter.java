package teller.server.orders;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import teller.server.common.InvalidInputException;

/**
 * What the queue shows. Every part is optional (null for "any").
 *
 * @param flagged        true for orders with an open fraud flag, false for those without
 * @param amountMin      smallest amount (minor units), inclusive
 * @param amountMax      largest amount (minor units), inclusive
 * @param claimed        {@link Claimed#ME}: live claims of {@code operatorId}; {@link Claimed#UNCLAIMED}: no live claim
 * @param operatorId     the caller, for {@link Claimed#ME}
 * @param olderThan      only orders created at least this long ago
 * @param createdBefore  only orders created before this instant
 * @param sort           null for the default order (PENDING_REVIEW oldest first by id, others newest first)
 * @param from           created at or after this instant (order history)
 * @param to             created before this instant (order history)
 * @param id             one order by its id (order lookup)
 */
public record OrderFilter(OrderStatus status, OrderType type, String playerId, Boolean flagged, String currency,
                          Long amountMin, Long amountMax, Claimed claimed, Long operatorId, Duration olderThan,
                          Instant createdBefore, OrderSort sort, Instant from, Instant to, Long id) {
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    public enum Claimed {
        ME, UNCLAIMED
    }

    public OrderFilter {
        if (currency != null && !CURRENCY.matcher(currency).matches()) {
            throw new InvalidInputException("currency", "currency must be three capital letters such as USD");
        }
        if (amountMin != null && amountMin < 0) {
            throw new InvalidInputException("amountMin", "amountMin must not be negative");
        }
        if (amountMax != null && amountMax < 0) {
            throw new InvalidInputException("amountMax", "amountMax must not be negative");
        }
        if (amountMin != null && amountMax != null && amountMin > amountMax) {
            throw InvalidInputException.semantic("INVALID_RANGE", "amountMax", "amountMax must not be below amountMin");
        }
        if (claimed == Claimed.ME && operatorId == null) {
            throw new InvalidInputException("claimed", "claimed=me needs an operator's session");
        }
        if (olderThan != null && olderThan.isNegative()) {
            throw new InvalidInputException("olderThanMinutes", "olderThanMinutes must not be negative");
        }
        if (olderThan != null && createdBefore != null) {
            throw new InvalidInputException("createdBefore", "give either olderThanMinutes or createdBefore, not both");
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidInputException("to", "to must be after from");
        }
    }

    public OrderFilter(OrderStatus status, OrderType type, String playerId, Boolean flagged) {
        this(status, type, playerId, flagged, null, null, null, null, null, null, null, null, null, null, null);
    }

    public OrderFilter(OrderStatus status, OrderType type, String playerId) {
        this(status, type, playerId, null);
    }

    public static OrderFilter all() {
        return new OrderFilter(null, null, null, null);
    }

    /** The latest creation time an order may have at {@code now}, from either age bound; null for none. */
    public Instant createdBeforeAt(Instant now) {
        return olderThan != null ? now.minus(olderThan) : createdBefore;
    }
}
