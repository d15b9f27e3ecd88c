package teller.ui.proof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ChangeListener;
import javafx.event.EventHandler;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import teller.ui.api.ProofForwardApi;

/**
 * The proof forwarding screen's controller: binds the status table, the filter and the re-queue
 * button (key Q; F5 refreshes) to {@link ProofForwardsViewModel}.
 */
public final class ProofForwardsView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String ALL = "All statuses";

    private final ProofForwardsViewModel viewModel;
    private final ZoneId zone = ZoneId.systemDefault();

    @FXML private ProgressIndicator loading;
    @FXML private ComboBox<String> statusFilter;
    @FXML private Button refreshButton;
    @FXML private Button requeueButton;
    @FXML private Label error;
    @FXML private Label message;
    @FXML private TableView<ProofForwardApi.Forward> forwardTable;
    @FXML private TableColumn<ProofForwardApi.Forward, String> orderColumn;
    @FXML private TableColumn<ProofForwardApi.Forward, String> statusColumn;
    @FXML private TableColumn<ProofForwardApi.Forward, Integer> attemptsColumn;
    @FXML private TableColumn<ProofForwardApi.Forward, String> lastErrorColumn;
    @FXML private TableColumn<ProofForwardApi.Forward, String> nextAttemptColumn;
    @FXML private TableColumn<ProofForwardApi.Forward, String> updatedColumn;

    private Parent root;
    private final EventHandler<KeyEvent> keys = this::onKey;
    private final ChangeListener<ProofForwardApi.Forward> tableToModel = (obs, before, row) -> select(row);

    public ProofForwardsView(ProofForwardsViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public Parent load() {
        FXMLLoader loader = new FXMLLoader(ProofForwardsView.class.getResource("ProofForwardsView.fxml"));
        loader.setControllerFactory(type -> this);
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }

    @FXML
    private void initialize() {
        List<String> choices = new ArrayList<>();
        choices.add(ALL);
        choices.addAll(ProofForwardsViewModel.STATUSES);
        statusFilter.getItems().setAll(choices);
        statusFilter.setValue(ALL);
        statusFilter.setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? ALL : item);
            }
        });
        statusFilter.valueProperty().addListener((obs, before, value) ->
                viewModel.statusFilterProperty().set(value == null || ALL.equals(value) ? null : value));

        loading.visibleProperty().bind(viewModel.loadingProperty());
        error.textProperty().bind(viewModel.errorProperty());
        error.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        message.textProperty().bind(viewModel.messageProperty());
        requeueButton.disableProperty().bind(viewModel.canRequeueProperty().not());
        if (!viewModel.mayRequeue()) {
            requeueButton.setTooltip(new Tooltip("Re-queueing needs the SUPERVISOR or ADMIN role"));
        }

        forwardTable.setItems(viewModel.forwards());
        column(orderColumn, f -> "#" + f.orderId());
        teller.ui.common.IdLinks.column(orderColumn, teller.ui.common.IdLinks.ORDER, ProofForwardApi.Forward::orderId);
        column(statusColumn, ProofForwardApi.Forward::status);
        column(attemptsColumn, ProofForwardApi.Forward::attempts);
        column(lastErrorColumn, f -> f.lastError() == null ? "" : f.lastError());
        column(nextAttemptColumn, f -> time(f.nextAttemptAt()));
        column(updatedColumn, f -> time(f.updatedAt()));
        forwardTable.setPlaceholder(new Label("No proof forwards"));
    }

    private static <T> void column(TableColumn<ProofForwardApi.Forward, T> column,
                                   Function<ProofForwardApi.Forward, T> value) {
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    }

    private String time(Instant at) {
        return at == null ? "" : TIME.format(at.atZone(zone));
    }

    /** Shown: listen to the keys and the selection, and load. */
    public void activate() {
        root.addEventFilter(KeyEvent.KEY_PRESSED, keys);
        forwardTable.getSelectionModel().selectedItemProperty().addListener(tableToModel);
        viewModel.refresh();
    }

    /** Hidden: stop listening. */
    public void deactivate() {
        root.removeEventFilter(KeyEvent.KEY_PRESSED, keys);
        forwardTable.getSelectionModel().selectedItemProperty().removeListener(tableToModel);
    }

    private void select(ProofForwardApi.Forward row) {
        viewModel.selectedProperty().set(row);
    }

    @FXML
    private void onRefresh() {
        viewModel.refresh();
    }

    @FXML
    private void onRequeue() {
        viewModel.requeueSelected();
    }

    private void onKey(KeyEvent event) {
        if (event.getCode() == KeyCode.Q && !event.isShortcutDown() && !event.isAltDown()) {
            viewModel.requeueSelected();
            event.consume();
        } else if (event.getCode() == KeyCode.F5) {
            viewModel.refresh();
            event.consume();
        }
    }
}
