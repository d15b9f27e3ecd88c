package teller.ui.queue;

import java.util.function.DoubleSupplier;
import javafx.beans.value.ObservableValue;
import javafx.fxml.FXML;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import teller.ui.api.OrderView;
import teller.ui.api.ProofImage;
import teller.ui.common.FxmlView;

/**
 * The decision card's payment proof ({@code ProofView.fxml}): the image fitted to the card's width (a click,
 * Space or Zoom zooms it, Rotate turns it), its SHA-256 and a tick when the bytes received hash to the
 * recorded value, or loudly the mismatch. State lives in {@link ProofViewModel}; the card hosts this view.
 */
public final class ProofView extends FxmlView {
    private final ProofViewModel viewModel;
    private final ObservableValue<OrderView> order;
    private final DoubleSupplier cardWidth;

    @FXML private VBox proofBox;
    @FXML private StackPane proofHolder;
    @FXML private ImageView proofImage;
    @FXML private Label proofVerified;
    @FXML private Label proofHash;
    @FXML private Label proofMessage;
    @FXML private Button zoomProof;
    @FXML private Button rotateProof;

    private double rotation;
    private boolean zoomed;

    /**
     * @param order     the order on the card (its recorded hash shows while no image does)
     * @param cardWidth the width the card's content gets, inside its own padding; 0 before it is laid out
     */
    public ProofView(ProofViewModel viewModel, ObservableValue<OrderView> order, DoubleSupplier cardWidth) {
        this.viewModel = viewModel;
        this.order = order;
        this.cardWidth = cardWidth;
    }

    @FXML
    private void initialize() {
        proofBox.visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> order.getValue() != null, order));
        proofBox.managedProperty().bind(proofBox.visibleProperty());
        proofImage.setOnMouseClicked(e -> toggleZoom());
        viewModel.proofProperty().addListener((obs, before, now) -> show(now));
        order.addListener((obs, before, now) -> {
            if (viewModel.proofProperty().get() == null) {
                show(null);
            }
        });
        proofMessage.textProperty().bind(viewModel.messageProperty());
        proofMessage.visibleProperty().bind(viewModel.messageProperty().isNotEmpty());
        proofMessage.managedProperty().bind(proofMessage.visibleProperty());
        proofHolder.visibleProperty().bind(viewModel.proofProperty().isNotNull());
        proofHolder.managedProperty().bind(proofHolder.visibleProperty());
        zoomProof.disableProperty().bind(viewModel.proofProperty().isNull());
        rotateProof.disableProperty().bind(viewModel.proofProperty().isNull());
        // The card may be built after its view model has an order (the queue builds it a pulse after the list).
        show(viewModel.proofProperty().get());
    }

    private void show(ProofImage image) {
        rotation = 0;
        zoomed = false;
        proofImage.setRotate(0);
        proofVerified.getStyleClass().removeAll("proof-verified", "proof-mismatch");
        if (image == null) {
            proofImage.setImage(null);
            proofImage.setVisible(false);
            proofImage.setManaged(false);
            proofVerified.setText("");
            OrderView shown = order.getValue();
            proofHash.setText(shown == null || shown.proof() == null || shown.proof().sha256() == null
                    ? "" : "SHA-256 " + shown.proof().sha256());
            return;
        }
        proofImage.setImage(new Image(new java.io.ByteArrayInputStream(image.bytes())));
        proofImage.setVisible(true);
        proofImage.setManaged(true);
        proofHash.setText("SHA-256 " + image.recordedSha256());
        if (image.verified()) {
            proofVerified.setText("✓ The image received hashes to the recorded SHA-256.");
            proofVerified.getStyleClass().add("proof-verified");
        } else {
            proofVerified.setText("✗ HASH MISMATCH — the image received hashes to " + image.receivedSha256()
                    + ", not to the recorded " + image.recordedSha256() + ". Do not approve on this image.");
            proofVerified.getStyleClass().add("proof-mismatch");
        }
        fit();
    }

    /** Fits the image to the card's width again (the card calls it when its width changes). */
    void fit() {
        Image image = proofImage.getImage();
        if (image == null) {
            return;
        }
        // The card's width, not the holder's: a zoomed image widens the holder, which must not become the new
        // "fit". Less the padding and borders of this card and of the holder, as styled: a fixed guess that was
        // 8 px short made every card with a proof scroll sideways (issue 16).
        double available = cardWidth.getAsDouble();
        double width = Math.max(100, available > 0
                ? available - horizontal(proofBox.getInsets()) - horizontal(proofHolder.getInsets()) : 400);
        boolean sideways = Math.abs(rotation % 180) == 90;
        double natural = sideways ? image.getHeight() : image.getWidth();
        double target = zoomed ? Math.max(natural, width * 2) : width;
        // fitWidth applies before rotation: a sideways image is fitted by its height.
        if (sideways) {
            proofImage.setFitWidth(0);
            proofImage.setFitHeight(target);
        } else {
            proofImage.setFitHeight(0);
            proofImage.setFitWidth(target);
        }
    }

    private static double horizontal(Insets insets) {
        return insets.getLeft() + insets.getRight();
    }

    /** Zooms the image in or back to the card's width (click, Space, Zoom); nothing before there is one. */
    @FXML
    void toggleZoom() {
        if (proofImage == null || proofImage.getImage() == null) {
            return;
        }
        zoomed = !zoomed;
        fit();
    }

    @FXML
    private void rotate() {
        if (proofImage.getImage() == null) {
            return;
        }
        rotation = (rotation + 90) % 360;
        proofImage.setRotate(rotation);
        fit();
    }

    /** Whether the image is shown zoomed. */
    boolean zoomed() {
        return zoomed;
    }
}
