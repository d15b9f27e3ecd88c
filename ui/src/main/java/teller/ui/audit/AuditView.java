package teller.ui.audit;

import static teller.ui.common.Nodes.column;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import teller.ui.api.AuditApi;
import teller.ui.api.AuditApi.Entry;
import teller.ui.operators.Times;

/** The Audit log screen, built in code: filters, the trail, one entry's detail, and "Verify chain". */
public final class AuditView {
    private static final String ANY = "Any";
    private final AuditViewModel viewModel;

    public AuditView(AuditViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public Parent build() {
        Label title = new Label("Audit log");
        title.getStyleClass().add("section-title");
        Label verifyResult = new Label();
        verifyResult.setId("verifyResult");
        verifyResult.textProperty().bind(viewModel.verificationTextProperty());
        viewModel.verificationProperty().addListener((obs, before, result) -> {
            verifyResult.getStyleClass().removeAll("verify-intact", "verify-broken");
            if (result != null) {
                verifyResult.getStyleClass().add(result.intact() ? "verify-intact" : "verify-broken");
            }
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button verify = new Button("Verify chain");
        verify.setId("verifyChain");
        verify.disableProperty().bind(viewModel.verifyingProperty());
        verify.setOnAction(e -> viewModel.verify());
        HBox header = new HBox(12, title, spacer, verifyResult, verify);
        header.setAlignment(Pos.CENTER_LEFT);

        Label error = new Label();
        error.setId("auditError");
        error.getStyleClass().addAll("banner", "banner-error");
        error.setWrapText(true);
        error.setMaxWidth(Double.MAX_VALUE);
        error.textProperty().bind(viewModel.errorProperty());
        error.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        VBox top = new VBox(10, header, filters(), error);
        top.setPadding(new Insets(0, 0, 10, 0));

        TableView<Entry> table = new TableView<>(viewModel.entries());
        table.setId("auditTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("At", 165, e -> Times.formatSeconds(e.at())));
        table.getColumns().add(column("Actor", 140, Entry::actorName));
        table.getColumns().add(column("Action", 175, Entry::action));
        table.getColumns().add(column("Outcome", 95, e -> teller.ui.common.Labels.label(e.outcome())));
        table.getColumns().add(column("Resource", 130, e -> (e.resourceType() == null ? "" : e.resourceType())
                + (e.resourceId() == null ? "" : " " + e.resourceId())));
        table.getColumns().add(column("From", 95, e -> e.origin() == null ? "" : e.origin()));
        table.setPlaceholder(new Label("No audit entries match."));
        table.getSelectionModel().selectedItemProperty().addListener((obs, before, now) -> viewModel.selectedProperty().set(now));

        Button loadMore = new Button("Load more");
        loadMore.setId("loadMoreAudit");
        loadMore.disableProperty().bind(viewModel.hasMoreProperty().not().or(viewModel.loadingProperty()));
        loadMore.setOnAction(e -> viewModel.loadMore());
        Label count = new Label();
        count.setId("auditCount");
        count.getStyleClass().add("muted");
        count.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> viewModel.entries().size()
                        + " entries shown" + (viewModel.hasMoreProperty().get() ? "; more on the server" : ""),
                viewModel.entries(), viewModel.hasMoreProperty()));
        ProgressIndicator progress = new ProgressIndicator();
        progress.getStyleClass().add("small-progress");
        progress.visibleProperty().bind(viewModel.loadingProperty());
        HBox footer = new HBox(12, loadMore, progress, count);
        footer.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox left = new VBox(8, table, footer);

        TextArea detail = new TextArea();
        detail.setId("auditDetail");
        detail.setEditable(false);
        detail.setWrapText(true);
        detail.getStyleClass().add("audit-detail");
        detail.setPromptText("Select an entry to see who did what, from where, and its details.");
        detail.textProperty().bind(viewModel.detailProperty());
        SplitPane split = new SplitPane(left, detail);
        split.setDividerPositions(0.74);
        split.getStyleClass().add("main-split");

        BorderPane root = new BorderPane(split);
        root.setTop(top);
        root.getStyleClass().add("screen-pane");
        return root;
    }

    private Parent filters() {
        ComboBox<String> actorType = choice("filterActorType", AuditApi.ACTOR_TYPES, viewModel.actorTypeProperty());
        TextField actorId = field("filterActor", "Username", viewModel.actorProperty(), 110);
        teller.ui.common.Completion.attach(actorId, viewModel::actorCompletions);
        TextField action = field("filterAction", "Action, e.g. LOGIN", viewModel.actionProperty(), 150);
        TextField resourceType = field("filterResourceType", "Resource type", viewModel.resourceTypeProperty(), 120);
        TextField resourceId = field("filterResourceId", "Resource id", viewModel.resourceIdProperty(), 105);
        ComboBox<String> outcome = choice("filterOutcome", AuditApi.OUTCOMES, viewModel.outcomeProperty());
        DatePicker from = new DatePicker();
        from.setId("filterFrom");
        from.setPromptText("From day");
        from.setPrefWidth(130);
        from.valueProperty().bindBidirectional(viewModel.fromDateProperty());
        DatePicker to = new DatePicker();
        to.setId("filterTo");
        to.setPromptText("To day (incl.)");
        to.setPrefWidth(130);
        to.valueProperty().bindBidirectional(viewModel.toDateProperty());
        Button search = new Button("Search");
        search.setId("searchAudit");
        search.getStyleClass().add("primary");
        search.setOnAction(e -> viewModel.search());
        Button clear = new Button("Clear");
        clear.setId("clearAudit");
        clear.getStyleClass().add("flat");
        clear.setOnAction(e -> viewModel.clearFilters());
        // Enter in any text filter searches.
        for (TextField text : List.of(actorId, action, resourceType, resourceId)) {
            text.setOnAction(e -> viewModel.search());
        }
        // Two fixed rows: who and what, then outcome and when with the actions.
        HBox who = new HBox(8, labelled("Actor", actorType), actorId, action, resourceType, resourceId);
        who.setAlignment(Pos.CENTER_LEFT);
        HBox when = new HBox(8, labelled("Outcome", outcome), labelled("Days", from), new Label("–"), to, search, clear);
        when.setAlignment(Pos.CENTER_LEFT);
        return new VBox(8, who, when);
    }

    private static HBox labelled(String text, javafx.scene.Node control) {
        Label label = new Label(text);
        label.getStyleClass().add("muted");
        HBox box = new HBox(6, label, control);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private static ComboBox<String> choice(String id, List<String> values, StringProperty target) {
        List<String> items = new ArrayList<>();
        items.add(ANY);
        items.addAll(values);
        ComboBox<String> box = new ComboBox<>(javafx.collections.FXCollections.observableArrayList(items));
        box.setId(id);
        box.setPrefWidth(140);
        box.setValue(target.get() == null || target.get().isEmpty() ? ANY : target.get());
        box.valueProperty().addListener((obs, before, now) -> target.set(now == null || ANY.equals(now) ? "" : now));
        target.addListener((obs, before, now) -> box.setValue(now == null || now.isEmpty() ? ANY : now));
        return box;
    }

    private static TextField field(String id, String prompt, StringProperty target, double width) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.setPrefWidth(width);
        field.textProperty().bindBidirectional(target);
        return field;
    }
}
