package teller.server.common;

import java.util.List;

/** One page of a keyset-paginated list; {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {
    public static final int LIMIT_DEFAULT = 50;
    public static final int LIMIT_MAX = 500;
}
