package teller.ui.api;

import java.util.List;

/** One page of {@code GET /api/v1/orders}; {@code nextCursor} is null on the last page. */
public record OrderPage(List<OrderView> items, String nextCursor) {
    public OrderPage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
