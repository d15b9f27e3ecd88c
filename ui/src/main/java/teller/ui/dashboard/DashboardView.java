package teller.ui.dashboard;

import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import teller.ui.common.FxmlView;
import teller.ui.common.Nodes;

/**
 * The dashboard's controller (DashboardView.fxml): pending tiles (click opens the queue), today's
 * figures, alerts. The tiles and alert rows follow the view model's lists.
 */
public final class DashboardView extends FxmlView {
    private final DashboardViewModel viewModel;

    @FXML private Button refreshDashboard;
    @FXML private ProgressIndicator spinner;
    @FXML private Label dashboardUpdated;
    @FXML private Label dashboardError;
    @FXML private FlowPane pendingTiles;
    @FXML private Label pendingTotal;
    @FXML private Label oldestPending;
    @FXML private Label approvedToday;
    @FXML private Label failedToday;
    @FXML private Label rejectedToday;
    @FXML private Label approvalRate;
    @FXML private Label todayNote;
    @FXML private Label alertsNote;
    @FXML private VBox alertList;

    public DashboardView(DashboardViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        refreshDashboard.disableProperty().bind(viewModel.loadingProperty());
        spinner.visibleProperty().bind(viewModel.loadingProperty());
        dashboardUpdated.textProperty().bind(viewModel.updatedProperty());
        Nodes.showText(dashboardError, viewModel.errorProperty());
        viewModel.pending().addListener((ListChangeListener<PendingKpi>) c -> rebuildPending());
        rebuildPending();
        pendingTotal.textProperty().bind(viewModel.pendingTotalProperty());
        oldestPending.textProperty().bind(viewModel.oldestPendingProperty());
        approvedToday.textProperty().bind(viewModel.approvedTodayProperty());
        failedToday.textProperty().bind(viewModel.failedTodayProperty());
        rejectedToday.textProperty().bind(viewModel.rejectedTodayProperty());
        approvalRate.textProperty().bind(viewModel.approvalRateProperty());
        Nodes.showText(todayNote, viewModel.todayNoteProperty());
        Nodes.showText(alertsNote, viewModel.alertsNoteProperty());
        viewModel.alerts().addListener((ListChangeListener<DashboardSnapshot.AlertState>) c -> rebuildAlerts());
        rebuildAlerts();
    }

    @Override
    public void activate() {
        viewModel.activate();
    }

    @Override
    public void deactivate() {
        viewModel.deactivate();
    }

    @FXML
    private void refresh() {
        viewModel.refresh();
    }

    /** The tiles are built once (the types are fixed) and their texts follow the view model. */
    private void rebuildPending() {
        if (pendingTiles.getChildren().size() == viewModel.pending().size()) {
            for (int i = 0; i < viewModel.pending().size(); i++) {
                PendingKpi kpi = viewModel.pending().get(i);
                Label[] labels = (Label[]) pendingTiles.getChildren().get(i).getUserData();
                labels[0].setText(kpi.orders());
                labels[1].setText(kpi.amount());
            }
            return;
        }
        pendingTiles.getChildren().clear();
        for (PendingKpi kpi : viewModel.pending()) {
            Label title = new Label(kpi.title());
            title.getStyleClass().add("tile-label");
            Label orders = new Label(kpi.orders());
            orders.setId("kpi-pending-" + kpi.type());
            orders.getStyleClass().add("tile-value");
            Label amount = new Label(kpi.amount());
            amount.setId("kpi-pendingAmount-" + kpi.type());
            amount.getStyleClass().add("muted");
            Label open = new Label("Open the queue →");
            open.getStyleClass().add("tile-link");
            Button tile = new Button();
            tile.setGraphic(new VBox(4, title, orders, amount, open));
            tile.setId("open-queue-" + kpi.type());
            tile.setUserData(new Label[] {orders, amount});
            tile.getStyleClass().addAll("kpi-card", "kpi-" + kpi.type().toLowerCase(Locale.ROOT));
            tile.setOnAction(e -> viewModel.openQueue(kpi.type()));
            pendingTiles.getChildren().add(tile);
        }
    }

    private void rebuildAlerts() {
        alertList.getChildren().clear();
        for (DashboardSnapshot.AlertState alert : viewModel.alerts()) {
            Label name = new Label(alertTitle(alert.name()) + (alert.active() ? " — ACTIVE" : " — ok"));
            name.getStyleClass().add("alert-name");
            Label message = new Label(alert.message());
            message.setWrapText(true);
            message.setId("alert-" + alert.name());
            VBox box = new VBox(2, name, message);
            Hyperlink open = new Hyperlink(
                    DashboardViewModel.opensFailedList(alert.name()) ? "Open the failed orders →" : "Open the queue →");
            open.setId("open-alert-" + alert.name());
            open.setOnAction(e -> viewModel.openAlert(alert.name()));
            box.getChildren().add(open);
            box.getStyleClass().addAll("alert-row", alert.active() ? "alert-active" : "alert-ok");
            alertList.getChildren().add(box);
        }
    }

    static String alertTitle(String name) {
        return switch (name) {
            case "APPROVED_FAILED_RATIO" -> "Failed executions";
            case "EXECUTION_ATTEMPTS" -> "Repeated execution attempts";
            case "PROVIDER_UNAVAILABLE" -> "Provider unavailable";
            default -> name;
        };
    }
}
