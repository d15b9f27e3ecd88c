package teller.ui.common;

import java.util.List;
import java.util.function.Supplier;
import javafx.geometry.Side;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;

/**
 * Completion under a text field: while it has the focus and the text changes, a menu lists what
 * {@code completions} answers (at most {@link #SHOWN_MAX}); choosing one fills the field. The text
 * stays free: the server decides what matches.
 */
public final class Completion {
    public static final int SHOWN_MAX = 10;

    private Completion() {
    }

    public static ContextMenu attach(TextField field, Supplier<List<String>> completions) {
        ContextMenu menu = new ContextMenu();
        menu.setId(field.getId() == null ? null : field.getId() + "Completions");
        Runnable refresh = () -> {
            if (!field.isFocused()) {
                menu.hide();
                return;
            }
            List<String> shown = completions.get().stream().limit(SHOWN_MAX).toList();
            if (shown.isEmpty()) {
                menu.hide();
                return;
            }
            menu.getItems().setAll(shown.stream().map(text -> {
                CustomMenuItem item = new CustomMenuItem(new Label(text), true);
                item.setOnAction(e -> {
                    field.setText(text);
                    field.positionCaret(text.length());
                    menu.hide();
                });
                return item;
            }).toList());
            if (!menu.isShowing() && field.getScene() != null && field.getScene().getWindow() != null) {
                menu.show(field, Side.BOTTOM, 0, 0);
            }
        };
        field.textProperty().addListener((obs, before, now) -> refresh.run());
        field.focusedProperty().addListener((obs, was, focused) -> {
            if (!focused) {
                menu.hide();
            }
        });
        return menu;
    }
}
