package teller.ui.operators;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import teller.ui.api.ApprovalPolicyApi.Cap;
import teller.ui.api.OperatorsApi;
import teller.ui.api.OperatorsApi.ApiToken;
import teller.ui.api.OperatorsApi.Operator;
import teller.ui.common.FxmlView;
import teller.ui.common.Nodes;
import teller.ui.common.TableCommands;
import teller.ui.common.Tables;
import teller.ui.common.Times;

/**
 * The Operators screen's controller (OperatorsView.fxml): a tab of operators (table, the selected
 * one's roles, enable/disable and new password, their approval caps, and a form for a new operator)
 * and a tab of API tokens (table, revoke, and a form for a new token). The caps' Add / Change /
 * Remove (also Enter or a double click to change, Delete to remove) are there for an administrator
 * only.
 */
public final class OperatorsView extends FxmlView {
    private final OperatorsViewModel viewModel;
    private final ApprovalCapsViewModel caps;
    private final Map<String, CheckBox> editRoles = new LinkedHashMap<>();
    private final Map<String, CheckBox> newRoles = new LinkedHashMap<>();
    private final Map<String, CheckBox> scopes = new LinkedHashMap<>();
    private String selectedId;

    @FXML private Label operatorsNotice;
    @FXML private ProgressIndicator progress;
    @FXML private Button refreshOperators;
    @FXML private Label operatorsError;
    @FXML private TableView<Operator> operatorTable;
    @FXML private TableColumn<Operator, String> usernameColumn;
    @FXML private TableColumn<Operator, List<String>> rolesColumn;
    @FXML private TableColumn<Operator, String> statusColumn;
    @FXML private TableColumn<Operator, String> createdColumn;
    @FXML private VBox capsCard;
    @FXML private Label capsHeading;
    @FXML private TableView<Cap> capsTable;
    @FXML private TableColumn<Cap, String> capCurrencyColumn;
    @FXML private TableColumn<Cap, String> capAmountColumn;
    @FXML private VBox capsSide;
    @FXML private javafx.scene.layout.FlowPane capCommands;
    @FXML private Button addCap;
    @FXML private Button editCap;
    @FXML private Button removeCap;
    @FXML private Label capsNotice;
    @FXML private Label capsError;
    @FXML private VBox selectedOperatorCard;
    @FXML private Label selectedOperator;
    @FXML private FlowPane editRoleBoxes;
    @FXML private Button toggleActive;
    @FXML private PasswordField resetPassword;
    @FXML private Label resetPasswordHint;
    @FXML private VBox newOperatorCard;
    @FXML private TextField newUsername;
    @FXML private PasswordField newPassword;
    @FXML private Label newPasswordHint;
    @FXML private FlowPane newRoleBoxes;
    @FXML private TableView<ApiToken> tokenTable;
    @FXML private TableColumn<ApiToken, String> tokenNameColumn;
    @FXML private TableColumn<ApiToken, String> tokenScopesColumn;
    @FXML private TableColumn<ApiToken, String> tokenCreatedColumn;
    @FXML private TableColumn<ApiToken, String> tokenLastUsedColumn;
    @FXML private TableColumn<ApiToken, String> tokenStatusColumn;
    @FXML private VBox newTokenCard;
    @FXML private TextField newTokenName;
    @FXML private FlowPane scopeBoxes;
    @FXML private Button revokeToken;

    public OperatorsView(OperatorsViewModel viewModel, ApprovalCapsViewModel caps) {
        this.viewModel = viewModel;
        this.caps = caps;
    }

    @FXML
    private void initialize() {
        operatorsNotice.textProperty().bind(viewModel.noticeProperty());
        progress.visibleProperty().bind(viewModel.busyProperty());
        refreshOperators.disableProperty().bind(viewModel.busyProperty());
        // Always managed: its space stays reserved, so a refusal does not shift the page under the pointer (issue 16).
        operatorsError.textProperty().bind(viewModel.errorProperty());
        operatorsError.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        operatorsTable();
        capsCard();
        selectedCard();
        newOperatorCard();
        tokensTab();
        showSelected(null);
    }

    @Override
    public void activate() {
        refresh();
    }

    @FXML
    private void refresh() {
        viewModel.refresh();
        caps.refresh();
    }

    private void operatorsTable() {
        operatorTable.setItems(viewModel.operators());
        Tables.column(usernameColumn, Operator::username);
        Tables.codesColumn(rolesColumn, o -> List.copyOf(o.roles()));
        Tables.column(statusColumn, viewModel::statusOf, viewModel::statusMeaning);
        Tables.column(createdColumn, o -> Times.format(o.createdAt()));
        Tables.placeholder(operatorTable, "No operators loaded.");
        operatorTable.getSelectionModel().selectedItemProperty().addListener((obs, before, now) -> showSelected(now));
        // After a reload the same operator stays selected, so the side panel keeps showing them. Later
        // on the FX thread: the table's own reaction to the new items (clearing the selection) comes first.
        viewModel.operators().addListener((ListChangeListener<Operator>) change -> Platform.runLater(this::reselect));
    }

    /** The selected operator's approval caps; without ADMIN the commands are not there at all. */
    private void capsCard() {
        capsHeading.textProperty().bind(caps.headingProperty());
        capsTable.setItems(caps.caps());
        Tables.column(capCurrencyColumn, Cap::currency);
        Tables.column(capAmountColumn, ApprovalCapsViewModel::amountOf);
        Tables.placeholder(capsTable, "No caps: any amount.");
        Nodes.showText(capsNotice, caps.noticeProperty());
        Nodes.showText(capsError, caps.errorProperty());
        if (caps.canEdit()) {
            TableCommands.wire(capsTable, caps.busyProperty(), addCap, editCap, removeCap, caps::add, caps::edit,
                    caps::remove);
        } else {
            capsSide.getChildren().remove(capCommands);
        }
        capsCard.disableProperty().bind(operatorTable.getSelectionModel().selectedItemProperty().isNull());
    }

    private void reselect() {
        if (selectedId == null) {
            return;
        }
        viewModel.operators().stream().filter(o -> o.id().equals(selectedId)).findFirst().ifPresent(o -> {
            operatorTable.getSelectionModel().select(o);
            // Selecting an equal row again fires no change; the panel shows the reloaded state anyway.
            showSelected(o);
        });
    }

    private void selectedCard() {
        checkBoxes(OperatorsApi.ROLES, "editRole-", editRoles, editRoleBoxes);
        bindRoles(editRoles, viewModel.editRoles());
        resetPasswordHint.setText(OperatorsViewModel.strengthHint(""));
        resetPassword.textProperty().addListener((obs, before, now) ->
                resetPasswordHint.setText(OperatorsViewModel.strengthHint(now)));
        selectedOperatorCard.disableProperty().bind(operatorTable.getSelectionModel().selectedItemProperty().isNull()
                .or(viewModel.busyProperty()));
    }

    @FXML
    private void saveRoles() {
        viewModel.saveRoles(selected());
    }

    @FXML
    private void toggleActive() {
        Operator operator = selected();
        if (operator != null) {
            viewModel.setActive(operator, !operator.active());
        }
    }

    @FXML
    private void setPassword() {
        if (viewModel.resetPassword(selected(), resetPassword.getText())) {
            resetPassword.clear();
        }
    }

    private void newOperatorCard() {
        newPasswordHint.setText(OperatorsViewModel.strengthHint(""));
        newPassword.textProperty().addListener((obs, before, now) ->
                newPasswordHint.setText(OperatorsViewModel.strengthHint(now)));
        checkBoxes(OperatorsApi.ROLES, "newRole-", newRoles, newRoleBoxes);
        bindRoles(newRoles, viewModel.newRoles());
        newUsername.textProperty().bindBidirectional(viewModel.newUsernameProperty());
        newPassword.textProperty().bindBidirectional(viewModel.newPasswordProperty());
        newOperatorCard.disableProperty().bind(viewModel.busyProperty());
    }

    @FXML
    private void createOperator() {
        // Refused, the form keeps what was typed (the password too); created, the view model clears it.
        viewModel.createOperator();
    }

    /** Role boxes show the role's label and what it may do, and follow the view model's choices. */
    private static void bindRoles(Map<String, CheckBox> boxes, Map<String, javafx.beans.property.BooleanProperty> model) {
        boxes.forEach((role, box) -> {
            box.setText(teller.ui.common.Labels.label(role));
            box.setTooltip(new Tooltip(teller.ui.common.Labels.tooltip(role)));
            box.selectedProperty().bindBidirectional(model.get(role));
        });
    }

    private void tokensTab() {
        tokenTable.setItems(viewModel.tokens());
        Tables.column(tokenNameColumn, ApiToken::name);
        Tables.column(tokenScopesColumn, t -> String.join(", ", t.scopes()));
        Tables.column(tokenCreatedColumn, t -> Times.format(t.createdAt())
                + (t.createdBy() == null ? "" : " by " + t.createdBy()));
        Tables.column(tokenLastUsedColumn, t -> t.lastUsedAt() == null ? "never" : Times.format(t.lastUsedAt()));
        Tables.column(tokenStatusColumn, t -> t.active() ? "Active" : "Revoked " + Times.format(t.revokedAt()),
                t -> t.active() ? "Integrations may call the API with this token." : "The API refuses this token.");
        Tables.placeholder(tokenTable, "No API tokens yet.");
        for (String scope : OperatorsApi.SCOPES) {
            CheckBox box = new CheckBox(scope);
            box.setId("scope-" + scope.replace(':', '-'));
            scopes.put(scope, box);
            scopeBoxes.getChildren().add(box);
        }
        newTokenCard.disableProperty().bind(viewModel.busyProperty());
        revokeToken.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            ApiToken token = tokenTable.getSelectionModel().getSelectedItem();
            return token == null || !token.active() || viewModel.busyProperty().get();
        }, tokenTable.getSelectionModel().selectedItemProperty(), viewModel.busyProperty()));
    }

    @FXML
    private void createToken() {
        if (viewModel.createToken(newTokenName.getText(), chosen(scopes))) {
            newTokenName.clear();
            scopes.values().forEach(box -> box.setSelected(false));
        }
    }

    @FXML
    private void revokeToken() {
        viewModel.revokeToken(tokenTable.getSelectionModel().getSelectedItem());
    }

    private Operator selected() {
        return operatorTable.getSelectionModel().getSelectedItem();
    }

    private void showSelected(Operator operator) {
        caps.select(operator);
        if (operator == null) {
            selectedOperator.setText("Select an operator in the table.");
            viewModel.showRoles(null);
            toggleActive.setText("Disable");
            return;
        }
        selectedId = operator.id();
        boolean self = viewModel.isSelf(operator);
        selectedOperator.setText(operator.username() + " · " + viewModel.statusOf(operator) + (self ? " · you" : ""));
        viewModel.showRoles(operator);
        toggleActive.setText(operator.active() ? "Disable" : "Enable");
        toggleActive.getStyleClass().remove("danger");
        if (operator.active()) {
            toggleActive.getStyleClass().add("danger");
        }
        // The server refuses an administrator disabling themselves; say so before they try.
        toggleActive.setDisable(self && operator.active());
        toggleActive.setTooltip(self ? new Tooltip("You cannot disable yourself") : null);
    }

    /** A check box per name, {@code #<idPrefix><name>}, into {@code pane} and {@code into}. */
    private static void checkBoxes(List<String> names, String idPrefix, Map<String, CheckBox> into, FlowPane pane) {
        for (String name : names) {
            CheckBox box = new CheckBox(name);
            box.setId(idPrefix + name);
            into.put(name, box);
            pane.getChildren().add(box);
        }
    }

    /** The names whose boxes are ticked, in the boxes' order. */
    private static List<String> chosen(Map<String, CheckBox> boxes) {
        List<String> names = new ArrayList<>();
        boxes.forEach((name, box) -> {
            if (box.isSelected()) {
                names.add(name);
            }
        });
        return names;
    }
}
