package teller.ui.fraud;

import java.util.Optional;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import teller.ui.api.FraudApi;

/** The real resolve dialog: a resolution and a required note. */
public final class FxResolveDialogs implements ResolveDialogs {
    /** The server refuses longer notes; stop the operator at the same length. */
    public static final int NOTE_LENGTH_MAX = 500;

    private final Supplier<Window> owner;

    public FxResolveDialogs(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public Optional<Answer> askResolution(String summary) {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("dialogs open on the FX thread");
        }
        Dialog<Answer> dialog = new Dialog<>();
        Window window = owner.get();
        if (window != null) {
            dialog.initOwner(window);
            dialog.getDialogPane().getStylesheets().addAll(window.getScene().getStylesheets());
        }
        dialog.setTitle("Resolve flag");
        dialog.setHeaderText("Resolve " + summary + "?");
        dialog.getDialogPane().setId("resolveDialog");

        ComboBox<String> resolution = new ComboBox<>();
        resolution.setId("resolution");
        resolution.getItems().setAll(FraudApi.RESOLUTIONS);
        resolution.setPromptText("Resolution");
        // Labels, not codes, each saying what it does (issue 16).
        resolution.setCellFactory(list -> new ResolutionCell());
        resolution.setButtonCell(new ResolutionCell());
        Label effect = new Label();
        effect.setId("resolutionEffect");
        effect.setWrapText(true);
        effect.getStyleClass().add("field-hint");
        effect.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> Resolutions.effect(resolution.getValue()), resolution.valueProperty()));
        TextArea note = new TextArea();
        note.setId("resolutionNote");
        note.setPromptText("What was checked? The audit log keeps this note.");
        note.setWrapText(true);
        note.setPrefRowCount(4);
        note.setTextFormatter(new javafx.scene.control.TextFormatter<String>(change ->
                change.getControlNewText().length() <= NOTE_LENGTH_MAX ? change : null));
        Label hint = new Label("A resolution and a note are required.");
        hint.getStyleClass().add("field-hint");
        dialog.getDialogPane().setContent(new VBox(8, resolution, effect, note, hint));
        dialog.getDialogPane().setPrefWidth(460);
        // The dialog opens on its first field, not on Cancel (issue 16).
        dialog.setOnShown(e -> javafx.application.Platform.runLater(resolution::requestFocus));

        ButtonType resolveButton = new ButtonType("Resolve", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, resolveButton);
        var confirm = dialog.getDialogPane().lookupButton(resolveButton);
        confirm.setId("confirmResolve");
        teller.ui.common.FxDialogs.textAreaKeys(note, (javafx.scene.control.Button) confirm);
        confirm.disableProperty().bind(resolution.valueProperty().isNull()
                .or(javafx.beans.binding.Bindings.createBooleanBinding(() -> note.getText() == null
                        || note.getText().isBlank(), note.textProperty())));
        dialog.setResultConverter(button -> button == resolveButton
                ? new Answer(resolution.getValue(), note.getText().strip()) : null);
        return dialog.showAndWait();
    }

    /** A resolution by its label, with what it does as the tooltip. */
    private static final class ResolutionCell extends javafx.scene.control.ListCell<String> {
        @Override
        protected void updateItem(String code, boolean empty) {
            super.updateItem(code, empty);
            if (empty || code == null) {
                setText(null);
                setTooltip(null);
            } else {
                setText(Resolutions.label(code));
                setTooltip(new javafx.scene.control.Tooltip(Resolutions.effect(code)));
            }
        }
    }
}
