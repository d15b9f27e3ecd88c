package teller.ui.dashboard;

import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The dashboard, built in code: pending tiles (click opens the queue), today's figures, alerts. */
public final class DashboardView {
    private final DashboardViewModel viewModel;
    private final FlowPane pendingTiles = new FlowPane(12, 12);
    private final VBox alertList = new VBox(8);
    private Parent root;

    public DashboardView(DashboardViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public Parent load() {
        if (root != null) {
            return root;
        }
        Button refresh = new Button("Refresh");
        refresh.setId("refreshDashboard");
        refresh.setOnAction(e -> viewModel.refresh());
        refresh.disableProperty().bind(viewModel.loadingProperty());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.getStyleClass().add("small-progress");
        spinner.visibleProperty().bind(viewModel.loadingProperty());
        Label updated = new Label();
        updated.setId("dashboardUpdated");
        updated.getStyleClass().add("muted");
        updated.textProperty().bind(viewModel.updatedProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(10, heading("Queue"), spacer, updated, spinner, refresh);
        bar.setAlignment(Pos.CENTER_LEFT);

        Label error = bannerLabel("dashboardError");
        error.textProperty().bind(viewModel.errorProperty());

        pendingTiles.setId("pendingTiles");
        viewModel.pending().addListener((ListChangeListener<PendingKpi>) c -> rebuildPending());
        rebuildPending();

        FlowPane figures = new FlowPane(12, 12,
                figure("Pending orders", "kpi-pendingTotal", viewModel.pendingTotalProperty()),
                figure("Oldest pending", "kpi-oldestPending", viewModel.oldestPendingProperty()),
                figure("Approved today, not failed (UTC)", "kpi-approvedToday", viewModel.approvedTodayProperty()),
                figure("Approved today, then failed", "kpi-failedToday", viewModel.failedTodayProperty()),
                figure("Rejected today (UTC)", "kpi-rejectedToday", viewModel.rejectedTodayProperty()),
                figure("Approval rate of today's decisions", "kpi-approvalRate", viewModel.approvalRateProperty()));
        Label todayNote = noteLabel("todayNote");
        todayNote.textProperty().bind(viewModel.todayNoteProperty());

        Label alertsNote = noteLabel("alertsNote");
        alertsNote.textProperty().bind(viewModel.alertsNoteProperty());
        alertList.setId("alertList");
        viewModel.alerts().addListener((ListChangeListener<DashboardSnapshot.AlertState>) c -> rebuildAlerts());
        rebuildAlerts();

        VBox content = new VBox(14, bar, error, pendingTiles, heading("Today"), figures, todayNote,
                heading("Alerts"), alertsNote, alertList);
        content.getStyleClass().add("dashboard-root");
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("dashboard-scroll");
        root = scroll;
        return root;
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
            tile.getStyleClass().addAll("kpi-card", "kpi-" + kpi.type().toLowerCase(java.util.Locale.ROOT));
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
            javafx.scene.control.Hyperlink open = new javafx.scene.control.Hyperlink(
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

    private static VBox figure(String caption, String id, javafx.beans.value.ObservableValue<String> value) {
        Label label = new Label(caption);
        label.getStyleClass().add("tile-label");
        Label text = new Label();
        text.setId(id);
        text.getStyleClass().add("tile-value");
        text.textProperty().bind(value);
        VBox box = new VBox(2, label, text);
        box.getStyleClass().add("report-tile");
        return box;
    }

    private static Label heading(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("section-title");
        return label;
    }

    private static Label noteLabel(String id) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.getStyleClass().add("muted");
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    private static Label bannerLabel(String id) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.getStyleClass().addAll("banner", "banner-error");
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }
}
