package teller.ui.about;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javafx.fxml.FXML;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import teller.ui.common.FxmlView;

/** The About dialog's controller: shows {@link AboutViewModel} and forwards its buttons. */
public final class AboutView extends FxmlView {
    /** The window icon in the sizes the systems ask for (title bar, task switcher). */
    public static final String[] ICONS = {"/teller/assets/icons/teller-32.png", "/teller/assets/icons/teller-64.png",
            "/teller/assets/icons/teller.png"};

    private final AboutViewModel viewModel;

    @FXML private VBox aboutRoot;
    @FXML private ImageView icon;
    @FXML private Label version;
    @FXML private Label serverVersion;
    @FXML private Label dataDirectory;
    @FXML private Label logFile;
    @FXML private Label error;
    @FXML private Button openFolder;

    public AboutView(AboutViewModel viewModel) {
        this.viewModel = viewModel;
    }

    /** Opens the dialog over {@code owner} (modal to it). Call on the FX thread. */
    public static Stage show(Window owner, AboutViewModel viewModel, String stylesheet) {
        Stage dialog = new Stage();
        dialog.initOwner(owner);
        dialog.initModality(Modality.WINDOW_MODAL);
        dialog.setTitle("About Teller");
        Scene scene = new Scene(new AboutView(viewModel).load());
        scene.getStylesheets().add(stylesheet);
        dialog.setScene(scene);
        dialog.getIcons().setAll(icons());
        dialog.setResizable(false);
        dialog.show();
        return dialog;
    }

    /** The application icon's images, for a stage's icons. */
    public static java.util.List<Image> icons() {
        java.util.List<Image> images = new java.util.ArrayList<>();
        for (String path : ICONS) {
            try (InputStream in = AboutView.class.getResourceAsStream(path)) {
                if (in != null) {
                    images.add(new Image(in));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the icon " + path, e);
            }
        }
        return images;
    }

    @FXML
    private void initialize() {
        java.util.List<Image> images = icons();
        if (!images.isEmpty()) {
            icon.setImage(images.get(images.size() - 1));
        }
        version.setText(viewModel.version());
        serverVersion.textProperty().bind(viewModel.serverVersionProperty());
        dataDirectory.setText(viewModel.dataDirectory());
        logFile.setText(viewModel.logFile());
        error.textProperty().bind(viewModel.errorProperty());
        error.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        openFolder.setDisable(!viewModel.canOpenFolder());
    }

    @FXML
    private void openFolder() {
        viewModel.openFolder();
    }

    @FXML
    private void copy() {
        ClipboardContent content = new ClipboardContent();
        content.putString(viewModel.summary());
        Clipboard.getSystemClipboard().setContent(content);
    }

    @FXML
    private void close() {
        ((Stage) aboutRoot.getScene().getWindow()).close();
    }
}
