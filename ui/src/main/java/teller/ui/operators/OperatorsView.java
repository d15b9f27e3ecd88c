package teller.ui.operators;

import static teller.ui.common.Nodes.column;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import teller.ui.api.OperatorsApi;
import teller.ui.api.OperatorsApi.ApiToken;
import teller.ui.api.OperatorsApi.Operator;

/**
 * The Operators screen, built in code: a tab of operators (table, the selected one's roles,
 * enable/disable and new password, their approval caps, and a form for a new operator) and a tab of API tokens (table,
 * revoke, and a form for a new token).
 */
public final class OperatorsView {
    private static final double SIDE_WIDTH = 340;

    private final OperatorsViewModel viewModel;
    private final ApprovalCapsViewModel caps;
    private final TableView<Operator> operatorTable = new TableView<>();
    private final TableView<ApiToken> tokenTable = new TableView<>();
    private final Map<String, CheckBox> editRoles = new LinkedHashMap<>();
    private final Label selectedName = new Label();
    private final Button toggleActive = new Button("Disable");

    public OperatorsView(OperatorsViewModel viewModel, ApprovalCapsViewModel caps) {
        this.viewModel = viewModel;
        this.caps = caps;
    }

    public Parent build() {
        Label title = new Label("Operators and API tokens");
        title.getStyleClass().add("section-title");
        Label notice = new Label();
        notice.setId("operatorsNotice");
        notice.getStyleClass().add("muted");
        notice.textProperty().bind(viewModel.noticeProperty());
        ProgressIndicator progress = new ProgressIndicator();
        progress.getStyleClass().add("small-progress");
        progress.visibleProperty().bind(viewModel.busyProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button refresh = new Button("Refresh");
        refresh.setId("refreshOperators");
        refresh.disableProperty().bind(viewModel.busyProperty());
        refresh.setOnAction(e -> {
            viewModel.refresh();
            caps.refresh();
        });
        HBox header = new HBox(12, title, spacer, notice, progress, refresh);
        header.setAlignment(Pos.CENTER_LEFT);

        Label error = new Label();
        error.setId("operatorsError");
        error.getStyleClass().addAll("banner", "banner-error");
        error.setWrapText(true);
        error.setMaxWidth(Double.MAX_VALUE);
        error.textProperty().bind(viewModel.errorProperty());
        error.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        // Always managed: its space is reserved, so a refusal does not shift the page under the pointer.

        Tab operatorsTab = new Tab("Operators", operatorsTab());
        operatorsTab.setId("operatorsTab");
        Tab tokensTab = new Tab("API tokens", tokensTab());
        tokensTab.setId("tokensTab");
        TabPane tabs = new TabPane(operatorsTab, tokensTab);
        tabs.setId("operatorTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);

        VBox top = new VBox(10, header, error);
        top.setPadding(new javafx.geometry.Insets(0, 0, 10, 0));
        BorderPane root = new BorderPane(tabs);
        root.setTop(top);
        root.getStyleClass().add("screen-pane");
        return root;
    }

    private Parent operatorsTab() {
        operatorTable.setId("operatorTable");
        operatorTable.setItems(viewModel.operators());
        operatorTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        operatorTable.getColumns().add(column("Username", 150, Operator::username));
        operatorTable.getColumns().add(column("Roles", 200, o -> String.join(", ", o.roles())));
        operatorTable.getColumns().add(column("Status", 150, viewModel::statusOf));
        operatorTable.getColumns().add(column("Created", 140, o -> Times.format(o.createdAt())));
        operatorTable.setPlaceholder(new Label("No operators loaded."));
        operatorTable.getSelectionModel().selectedItemProperty().addListener((obs, before, now) -> showSelected(now));
        // After a reload the same operator stays selected, so the side panel keeps showing them. Later
        // on the FX thread: the table's own reaction to the new items (clearing the selection) comes first.
        viewModel.operators().addListener((javafx.collections.ListChangeListener<Operator>) change ->
                javafx.application.Platform.runLater(this::reselect));

        VBox side = new VBox(14, selectedCard(), newOperatorCard());
        side.setPadding(new javafx.geometry.Insets(0, 4, 0, 0));
        ScrollPane scroll = new ScrollPane(side);
        scroll.setFitToWidth(true);
        scroll.setPrefWidth(SIDE_WIDTH + 18);
        scroll.setMinWidth(SIDE_WIDTH + 18);
        scroll.getStyleClass().add("detail-scroll");
        // The selected operator's caps under the table, so the side panel's forms keep their place.
        VBox capsCard = new ApprovalCapsPane(caps).build();
        capsCard.disableProperty().bind(operatorTable.getSelectionModel().selectedItemProperty().isNull());
        VBox.setVgrow(operatorTable, Priority.ALWAYS);
        VBox tableAndCaps = new VBox(14, operatorTable, capsCard);
        HBox.setHgrow(tableAndCaps, Priority.ALWAYS);
        HBox box = new HBox(14, tableAndCaps, scroll);
        box.setPadding(new javafx.geometry.Insets(12, 0, 0, 0));
        showSelected(null);
        return box;
    }

    private String selectedId;

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

    private VBox selectedCard() {
        Label heading = new Label("Selected operator");
        heading.getStyleClass().add("form-title");
        selectedName.setId("selectedOperator");
        selectedName.getStyleClass().add("fact-value");
        FlowPane roles = roleBoxes("editRole-", editRoles, viewModel.editRoles());
        Button saveRoles = new Button("Save roles");
        saveRoles.setId("saveRoles");
        saveRoles.setOnAction(e -> viewModel.saveRoles(selected()));
        toggleActive.setId("toggleActive");
        toggleActive.setOnAction(e -> {
            Operator operator = selected();
            if (operator != null) {
                viewModel.setActive(operator, !operator.active());
            }
        });
        HBox actions = new HBox(8, saveRoles, toggleActive);

        PasswordField password = new PasswordField();
        password.setId("resetPassword");
        password.setPromptText("New password");
        Label hint = new Label(OperatorsViewModel.strengthHint(""));
        hint.getStyleClass().add("field-hint");
        hint.setWrapText(true);
        password.textProperty().addListener((obs, before, now) -> hint.setText(OperatorsViewModel.strengthHint(now)));
        Button setPassword = new Button("Set password");
        setPassword.setId("setPassword");
        setPassword.setTooltip(new Tooltip("Ends the operator's sessions and lifts a lock"));
        setPassword.setOnAction(e -> {
            if (viewModel.resetPassword(selected(), password.getText())) {
                password.clear();
            }
        });
        HBox passwordRow = new HBox(8, password, setPassword);
        HBox.setHgrow(password, Priority.ALWAYS);

        VBox card = new VBox(10, heading, selectedName, label("Roles"), roles, actions, label("New password"),
                passwordRow, hint);
        card.getStyleClass().add("form-card");
        card.setId("selectedOperatorCard");
        card.disableProperty().bind(operatorTable.getSelectionModel().selectedItemProperty().isNull()
                .or(viewModel.busyProperty()));
        return card;
    }

    private VBox newOperatorCard() {
        Label heading = new Label("New operator");
        heading.getStyleClass().add("form-title");
        TextField username = new TextField();
        username.setId("newUsername");
        username.setPromptText("Username (a-z, 0-9, . _ -)");
        username.textProperty().bindBidirectional(viewModel.newUsernameProperty());
        PasswordField password = new PasswordField();
        password.setId("newPassword");
        password.setPromptText("Initial password");
        password.textProperty().bindBidirectional(viewModel.newPasswordProperty());
        Label hint = new Label(OperatorsViewModel.strengthHint(""));
        hint.setId("newPasswordHint");
        hint.getStyleClass().add("field-hint");
        hint.setWrapText(true);
        password.textProperty().addListener((obs, before, now) -> hint.setText(OperatorsViewModel.strengthHint(now)));
        Map<String, CheckBox> boxes = new LinkedHashMap<>();
        FlowPane roles = roleBoxes("newRole-", boxes, viewModel.newRoles());
        Button create = new Button("Create operator");
        create.setId("createOperator");
        create.getStyleClass().add("primary");
        // Refused, the form keeps what was typed (the password too); created, the view model clears it.
        create.setOnAction(e -> viewModel.createOperator());
        VBox card = new VBox(10, heading, username, password, hint, label("Roles"), roles, create);
        card.getStyleClass().add("form-card");
        card.disableProperty().bind(viewModel.busyProperty());
        return card;
    }

    private Parent tokensTab() {
        tokenTable.setId("tokenTable");
        tokenTable.setItems(viewModel.tokens());
        tokenTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        tokenTable.getColumns().add(column("Name", 150, ApiToken::name));
        tokenTable.getColumns().add(column("Scopes", 200, t -> String.join(", ", t.scopes())));
        tokenTable.getColumns().add(column("Created", 140, t -> Times.format(t.createdAt())
                + (t.createdBy() == null ? "" : " by " + t.createdBy())));
        tokenTable.getColumns().add(column("Last used", 130, t -> t.lastUsedAt() == null ? "never" : Times.format(t.lastUsedAt())));
        tokenTable.getColumns().add(column("Status", 140, t -> t.active() ? "Active"
                : "Revoked " + Times.format(t.revokedAt())));
        tokenTable.setPlaceholder(new Label("No API tokens yet."));

        Label heading = new Label("New API token");
        heading.getStyleClass().add("form-title");
        TextField name = new TextField();
        name.setId("newTokenName");
        name.setPromptText("Integration, e.g. player-portal");
        Map<String, CheckBox> scopes = new LinkedHashMap<>();
        FlowPane scopeBoxes = new FlowPane(10, 8);
        for (String scope : OperatorsApi.SCOPES) {
            CheckBox box = new CheckBox(scope);
            box.setId("scope-" + scope.replace(':', '-'));
            scopes.put(scope, box);
            scopeBoxes.getChildren().add(box);
        }
        Button create = new Button("Create token");
        create.setId("createToken");
        create.getStyleClass().add("primary");
        create.setOnAction(e -> {
            List<String> chosen = new ArrayList<>();
            scopes.forEach((scope, box) -> {
                if (box.isSelected()) {
                    chosen.add(scope);
                }
            });
            if (viewModel.createToken(name.getText(), chosen)) {
                name.clear();
                scopes.values().forEach(box -> box.setSelected(false));
            }
        });
        Label onceHint = new Label("The token is shown once, right after it is created.");
        onceHint.getStyleClass().add("field-hint");
        onceHint.setWrapText(true);
        VBox createCard = new VBox(10, heading, name, label("Scopes"), scopeBoxes, create, onceHint);
        createCard.getStyleClass().add("form-card");
        createCard.disableProperty().bind(viewModel.busyProperty());

        Button revoke = new Button("Revoke selected token");
        revoke.setId("revokeToken");
        revoke.getStyleClass().add("danger");
        revoke.setMaxWidth(Double.MAX_VALUE);
        revoke.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> {
            ApiToken token = tokenTable.getSelectionModel().getSelectedItem();
            return token == null || !token.active() || viewModel.busyProperty().get();
        }, tokenTable.getSelectionModel().selectedItemProperty(), viewModel.busyProperty()));
        revoke.setOnAction(e -> viewModel.revokeToken(tokenTable.getSelectionModel().getSelectedItem()));

        VBox side = new VBox(14, createCard, revoke);
        side.setPrefWidth(SIDE_WIDTH);
        side.setMinWidth(SIDE_WIDTH);
        HBox.setHgrow(tokenTable, Priority.ALWAYS);
        HBox box = new HBox(14, tokenTable, side);
        box.setPadding(new javafx.geometry.Insets(12, 0, 0, 0));
        return box;
    }

    private Operator selected() {
        return operatorTable.getSelectionModel().getSelectedItem();
    }

    private void showSelected(Operator operator) {
        caps.select(operator);
        if (operator == null) {
            selectedName.setText("Select an operator in the table.");
            viewModel.showRoles(null);
            toggleActive.setText("Disable");
            return;
        }
        selectedId = operator.id();
        boolean self = viewModel.isSelf(operator);
        selectedName.setText(operator.username() + " · " + viewModel.statusOf(operator) + (self ? " · you" : ""));
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

    private static FlowPane roleBoxes(String idPrefix, Map<String, CheckBox> into,
                                      Map<String, javafx.beans.property.BooleanProperty> model) {
        FlowPane pane = new FlowPane(10, 8);
        for (String role : OperatorsApi.ROLES) {
            CheckBox box = new CheckBox(teller.ui.common.Labels.label(role));
            box.setId(idPrefix + role);
            box.setTooltip(new Tooltip(teller.ui.common.Labels.tooltip(role)));
            box.selectedProperty().bindBidirectional(model.get(role));
            into.put(role, box);
            pane.getChildren().add(box);
        }
        return pane;
    }

    private static Label label(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("section-label");
        return label;
    }
}
