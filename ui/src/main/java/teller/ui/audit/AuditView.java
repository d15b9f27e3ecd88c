package teller.ui.audit;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import teller.ui.api.AuditApi;
import teller.ui.api.AuditApi.Entry;
import teller.ui.common.FxmlView;
import teller.ui.common.Nodes;
import teller.ui.common.Tables;
import teller.ui.common.Times;

/**
 * The Audit log screen's controller (AuditView.fxml): filters, the trail, one entry's detail, and
 * "Verify chain". The first visit loads the newest entries; later visits keep the operator's
 * filter and rows.
 */
public final class AuditView extends FxmlView {
    private static final String ANY = "Any";
    private final AuditViewModel viewModel;
    private boolean loaded;

    @FXML private Label verifyResult;
    @FXML private Button verifyChain;
    @FXML private ComboBox<String> filterActorType;
    @FXML private TextField filterActor;
    @FXML private TextField filterAction;
    @FXML private TextField filterResourceType;
    @FXML private TextField filterResourceId;
    @FXML private ComboBox<String> filterOutcome;
    @FXML private DatePicker filterFrom;
    @FXML private DatePicker filterTo;
    @FXML private Label auditError;
    @FXML private TableView<Entry> auditTable;
    @FXML private TableColumn<Entry, String> atColumn;
    @FXML private TableColumn<Entry, String> actorColumn;
    @FXML private TableColumn<Entry, String> actionColumn;
    @FXML private TableColumn<Entry, String> outcomeColumn;
    @FXML private TableColumn<Entry, String> resourceColumn;
    @FXML private TableColumn<Entry, String> originColumn;
    @FXML private Button loadMoreAudit;
    @FXML private ProgressIndicator progress;
    @FXML private Label auditCount;
    @FXML private TextArea auditDetail;

    public AuditView(AuditViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        verifyResult.textProperty().bind(viewModel.verificationTextProperty());
        viewModel.verificationProperty().addListener((obs, before, result) -> {
            verifyResult.getStyleClass().removeAll("verify-intact", "verify-broken");
            if (result != null) {
                verifyResult.getStyleClass().add(result.intact() ? "verify-intact" : "verify-broken");
            }
        });
        verifyChain.disableProperty().bind(viewModel.verifyingProperty());

        choice(filterActorType, AuditApi.ACTOR_TYPES, viewModel.actorTypeProperty());
        filterActor.textProperty().bindBidirectional(viewModel.actorProperty());
        teller.ui.common.Completion.attach(filterActor, viewModel::actorCompletions);
        filterAction.textProperty().bindBidirectional(viewModel.actionProperty());
        filterResourceType.textProperty().bindBidirectional(viewModel.resourceTypeProperty());
        filterResourceId.textProperty().bindBidirectional(viewModel.resourceIdProperty());
        choice(filterOutcome, AuditApi.OUTCOMES, viewModel.outcomeProperty());
        Tables.codeChoices(filterActorType, null, ANY);
        Tables.codeChoices(filterOutcome, null, ANY);
        filterFrom.valueProperty().bindBidirectional(viewModel.fromDateProperty());
        filterTo.valueProperty().bindBidirectional(viewModel.toDateProperty());
        Nodes.showText(auditError, viewModel.errorProperty());

        auditTable.setItems(viewModel.entries());
        Tables.column(atColumn, e -> Times.formatSeconds(e.at()));
        Tables.column(actorColumn, AuditViewModel::actorName);
        Tables.column(actionColumn, Entry::action);
        Tables.codeColumn(outcomeColumn, Entry::outcome);
        Tables.column(resourceColumn, AuditViewModel::resourceName);
        Tables.column(originColumn, e -> e.origin() == null ? "" : e.origin());
        Tables.placeholder(auditTable, "No audit entries match.");
        auditTable.getSelectionModel().selectedItemProperty()
                .addListener((obs, before, now) -> viewModel.selectedProperty().set(now));

        loadMoreAudit.disableProperty().bind(viewModel.hasMoreProperty().not().or(viewModel.loadingProperty()));
        auditCount.textProperty().bind(Bindings.createStringBinding(() -> viewModel.entries().size()
                        + " entries shown" + (viewModel.hasMoreProperty().get() ? "; more on the server" : ""),
                viewModel.entries(), viewModel.hasMoreProperty()));
        progress.visibleProperty().bind(viewModel.loadingProperty());
        auditDetail.textProperty().bind(viewModel.detailProperty());
    }

    @Override
    public void activate() {
        if (!loaded) {
            loaded = true;
            viewModel.search();
        }
    }

    @FXML
    private void verify() {
        viewModel.verify();
    }

    /** Search; also Enter in any text filter. */
    @FXML
    private void search() {
        viewModel.search();
    }

    @FXML
    private void clearFilters() {
        viewModel.clearFilters();
    }

    @FXML
    private void loadMore() {
        viewModel.loadMore();
    }

    /** "Any" and the values, following {@code target} both ways ("Any" is the empty filter). */
    private static void choice(ComboBox<String> box, List<String> values, StringProperty target) {
        List<String> items = new ArrayList<>();
        items.add(ANY);
        items.addAll(values);
        box.getItems().setAll(items);
        box.setValue(target.get() == null || target.get().isEmpty() ? ANY : target.get());
        box.valueProperty().addListener((obs, before, now) -> target.set(now == null || ANY.equals(now) ? "" : now));
        target.addListener((obs, before, now) -> box.setValue(now == null || now.isEmpty() ? ANY : now));
    }
}
