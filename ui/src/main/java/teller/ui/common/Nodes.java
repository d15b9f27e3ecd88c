package teller.ui.common;

import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Label;

/** Small things the console's views do to their nodes the same way. */
public final class Nodes {
    private Nodes() {
    }

    /** {@code label} shows {@code value}, and takes no room while it is empty. */
    public static void showText(Label label, ObservableStringValue value) {
        label.textProperty().bind(value);
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
    }
}
