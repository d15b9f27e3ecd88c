package teller.ui.common;

import java.util.function.Function;
import javafx.event.Event;
import javafx.event.EventType;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;

/**
 * Every id shown opens what it names (issue #13): an order id its case in Order lookup, a player id
 * the player's card, a ledger transaction its legs in the Ledger. A link fires an {@link Open} event
 * that bubbles up to the console shell, which shows that screen with the id; a view needs nothing
 * else. A screen the operator does not have is not opened (the server would refuse it anyway).
 */
public final class IdLinks {
    /** The screens ids open: Order lookup, Players, Ledger. */
    public static final String ORDER = "order-lookup";
    public static final String PLAYER = "players";
    public static final String TRANSACTION = "ledger";

    /** Asks the console to show {@code screenId} opened for {@code argument}. */
    public static final class Open extends Event {
        public static final EventType<Open> OPEN = new EventType<>(Event.ANY, "OPEN_ID");

        private final String screenId;
        private final String argument;

        public Open(String screenId, String argument) {
            super(OPEN);
            this.screenId = screenId;
            this.argument = argument;
        }

        public String screenId() {
            return screenId;
        }

        public String argument() {
            return argument;
        }
    }

    private IdLinks() {
    }

    /** A link reading {@code text} that opens {@code id} in {@code screenId}. */
    public static Hyperlink link(String text, String screenId, String id) {
        Hyperlink link = new Hyperlink(text);
        link.getStyleClass().add("id-link");
        link.setUserData(screenId + ":" + id);
        link.setOnAction(e -> link.fireEvent(new Open(screenId, id)));
        return link;
    }

    /**
     * Shows {@code column}'s text as a link opening what {@code idOf} (of the row) names in
     * {@code screenId}; rows without an id show plain text.
     */
    public static <S, T> void column(TableColumn<S, T> column, String screenId, Function<S, String> idOf) {
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                S row = empty || getTableRow() == null ? null : getTableRow().getItem();
                String id = row == null ? null : idOf.apply(row);
                String text = item == null ? "" : item.toString();
                if (row == null || id == null || id.isBlank() || text.isEmpty()) {
                    setGraphic(null);
                    setText(empty ? null : text);
                    return;
                }
                setText(null);
                setGraphic(link(text, screenId, id));
            }
        });
    }
}
