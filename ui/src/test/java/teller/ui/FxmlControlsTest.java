package teller.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Control;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import teller.ui.api.TellerClient;
import teller.ui.common.UiExecutors;
import teller.ui.connect.ConnectView;
import teller.ui.connect.ConnectViewModel;
import teller.ui.queue.QueueView;
import teller.ui.queue.QueueViewModel;

/**
 * Every button and menu item of every screen does something: each FXML loads with its real
 * controller (an unresolvable {@code onAction="#x"} fails the load), and after loading every
 * button, hyperlink and menu item has an action, every toggle a group or an action (a check box is
 * a field of its form, read by the form's button).
 */
class FxmlControlsTest {
    private static final OkHttpClient HTTP = TellerClient.defaultHttpClient();
    /** Nothing listens there: loading a screen must not call the server. */
    private static final String NOWHERE = "http://127.0.0.1:9";

    /** How to build each screen's controller; a new FXML without an entry here fails the test. */
    private static final Map<String, Supplier<Parent>> SCREENS = Map.ofEntries(
            screen("queue/DecisionCardView.fxml", () -> new teller.ui.queue.DecisionCardView(new teller.ui.queue.DecisionCardViewModel(
                    TellerClient.withToken(HTTP, NOWHERE, "t"), UiExecutors.inline(), summary -> Optional.empty(), null,
                    true)).load()),
            screen("queue/ProofView.fxml", () -> new teller.ui.queue.ProofView(new teller.ui.queue.ProofViewModel(
                    TellerClient.withToken(HTTP, NOWHERE, "t"), UiExecutors.inline()),
                    new javafx.beans.property.SimpleObjectProperty<>(), () -> 0).load()),
            screen("connect/ConnectView.fxml", () -> new ConnectView(
                    new ConnectViewModel(UiExecutors.inline(), HTTP, null, session -> { })).load()),
            screen("queue/QueueView.fxml", () -> new QueueView(new QueueViewModel(TellerClient.withToken(HTTP, NOWHERE, "t"),
                    UiExecutors.inline(), summary -> Optional.empty())).load()),
            screen("proof/ProofForwardsView.fxml", () -> new teller.ui.proof.ProofForwardsView(
                    new teller.ui.proof.ProofForwardsViewModel(new teller.ui.api.ProofForwardApi(
                            TellerClient.withToken(HTTP, NOWHERE, "t")), UiExecutors.inline(),
                            new teller.ui.api.OperatorInfo("1", "t", java.util.List.of("ADMIN")))).load()),
            screen("fraud/FraudFlagsView.fxml", () -> new teller.ui.fraud.FraudFlagsView(new teller.ui.fraud.FraudFlagsViewModel(
                    new teller.ui.api.FraudApi(TellerClient.withToken(HTTP, NOWHERE, "t")), UiExecutors.inline(),
                    summary -> Optional.empty(), new teller.ui.api.OperatorInfo("1", "sup", java.util.List.of("SUPERVISOR"))))
                    .load()),
            screen("providers/FailedExecutionsView.fxml", () -> {
                var api = new teller.ui.api.ProvidersApi(TellerClient.withToken(HTTP, NOWHERE, "t"));
                return new teller.ui.providers.FailedExecutionsView(new teller.ui.providers.FailedExecutionsViewModel(api,
                        UiExecutors.inline(), new teller.ui.providers.ProviderStates(api, UiExecutors.inline()),
                        summary -> Optional.empty(), new teller.ui.api.OperatorInfo("1", "sup", java.util.List.of("SUPERVISOR"))))
                        .load();
            }),
            screen("providers/ProvidersView.fxml", () -> new teller.ui.providers.ProvidersView(new teller.ui.providers.ProviderStates(
                    new teller.ui.api.ProvidersApi(TellerClient.withToken(HTTP, NOWHERE, "t")), UiExecutors.inline())).load()),
            screen("players/PlayersView.fxml", () -> new teller.ui.players.PlayersView(new teller.ui.players.PlayersViewModel(
                    TellerClient.withToken(HTTP, NOWHERE, "t"), UiExecutors.inline(),
                    new teller.ui.api.OperatorInfo("1", "sup", java.util.List.of("SUPERVISOR")))).load()),
            screen("ledger/LedgerView.fxml", () -> new teller.ui.ledger.LedgerView(new teller.ui.ledger.LedgerViewModel(
                    new teller.ui.api.LedgerApi(TellerClient.withToken(HTTP, NOWHERE, "t")), UiExecutors.inline(),
                    new teller.ui.api.OperatorInfo("1", "aud", java.util.List.of("AUDITOR")))).load()),
            screen("lookup/OrderLookupView.fxml", () -> new teller.ui.lookup.OrderLookupView(new teller.ui.lookup.OrderLookupViewModel(
                    new teller.ui.api.OrderCaseApi(TellerClient.withToken(HTTP, NOWHERE, "t")), UiExecutors.inline(),
                    java.time.ZoneOffset.UTC)).load()),
            screen("about/AboutView.fxml", () -> new teller.ui.about.AboutView(new teller.ui.about.AboutViewModel(
                    UiExecutors.inline(), teller.ui.about.AboutInfo.unknown(), null, folder -> { })).load()),
            screen("dashboard/DashboardView.fxml", () -> new teller.ui.dashboard.DashboardView(
                    new teller.ui.dashboard.DashboardViewModel(() -> null, UiExecutors.inline(),
                            (period, tick) -> () -> { }, type -> { })).load()),
            screen("reports/ReportsView.fxml", () -> new teller.ui.reports.ReportsView(new teller.ui.reports.ReportsViewModel(
                    new teller.ui.api.ReportsApi(TellerClient.withToken(HTTP, NOWHERE, "t")), UiExecutors.inline(),
                    (name, format) -> Optional.empty(), java.time.Clock.systemUTC())).load()),
            screen("operators/OperatorsView.fxml", () -> new teller.ui.operators.OperatorsView(
                    new teller.ui.operators.OperatorsViewModel(new teller.ui.api.OperatorsApi(
                            TellerClient.withToken(HTTP, NOWHERE, "t")), UiExecutors.inline(),
                            new teller.ui.operators.FxOperatorPrompts(() -> null), "admin"),
                    new teller.ui.operators.ApprovalCapsViewModel(new teller.ui.api.ApprovalPolicyApi(
                            TellerClient.withToken(HTTP, NOWHERE, "t")), UiExecutors.inline(),
                            new teller.ui.operators.FxOperatorPrompts(() -> null), java.util.List.of("ADMIN"))).load()),
            screen("policy/ApprovalPolicyView.fxml", () -> new teller.ui.policy.ApprovalPolicyView(
                    new teller.ui.policy.ApprovalPolicyViewModel(new teller.ui.api.ApprovalPolicyApi(
                            TellerClient.withToken(HTTP, NOWHERE, "t")), UiExecutors.inline(),
                            new teller.ui.policy.FxPolicyPrompts(() -> null), true)).load()),
            screen("audit/AuditView.fxml", () -> new teller.ui.audit.AuditView(new teller.ui.audit.AuditViewModel(
                    new teller.ui.api.AuditApi(TellerClient.withToken(HTTP, NOWHERE, "t")), UiExecutors.inline())).load()),
            screen("connect/LockView.fxml", () -> new teller.ui.connect.LockView(new teller.ui.connect.LockViewModel(
                    UiExecutors.inline(), "admin", NOWHERE, "Locked after 15 minutes idle", true,
                    password -> null, session -> { }, () -> { })).load()));

    private static Map.Entry<String, Supplier<Parent>> screen(String fxml, Supplier<Parent> load) {
        return Map.entry(fxml, load);
    }

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void everyScreenHasAFixture() throws Exception {
        assertThat(fxmlFiles()).containsExactlyInAnyOrderElementsOf(SCREENS.keySet());
    }

    @Test
    void everyControlOfEveryScreenHasAnAction() throws Exception {
        List<String> dead = new ArrayList<>();
        for (String fxml : fxmlFiles()) {
            Supplier<Parent> screen = SCREENS.get(fxml);
            if (screen == null) {
                continue;
            }
            Parent root = WaitForAsyncUtils.asyncFx(screen::get).get();
            walk(root, node -> {
                if (node instanceof ToggleButton toggle) {
                    if (toggle.getToggleGroup() == null && toggle.getOnAction() == null) {
                        dead.add(fxml + ": toggle " + describe(toggle));
                    }
                } else if (node instanceof CheckBox) {
                    // A field of a form, like a text field: the form's button reads it, and is itself checked.
                    return;
                } else if (node instanceof MenuButton menu) {
                    menu.getItems().forEach(item -> checkItem(fxml, item, dead));
                } else if (node instanceof ButtonBase button && button.getOnAction() == null) {
                    dead.add(fxml + ": " + button.getClass().getSimpleName() + " " + describe(button));
                }
                if (node instanceof Control control && control.getContextMenu() != null) {
                    control.getContextMenu().getItems().forEach(item -> checkItem(fxml, item, dead));
                }
            });
        }
        assertThat(dead).as("controls that do nothing").isEmpty();
    }

    private static void checkItem(String fxml, MenuItem item, List<String> dead) {
        if (item instanceof Menu menu) {
            menu.getItems().forEach(child -> checkItem(fxml, child, dead));
        } else if (item.getOnAction() == null && !(item instanceof javafx.scene.control.SeparatorMenuItem)) {
            dead.add(fxml + ": menu item " + item.getText());
        }
    }

    private static String describe(Labeled control) {
        return (control.getId() == null ? "" : "#" + control.getId() + " ") + "'" + control.getText() + "'";
    }

    private interface Visitor {
        void visit(Node node);
    }

    private static void walk(Node node, Visitor visitor) {
        if (node == null) {
            return;
        }
        visitor.visit(node);
        if (node instanceof Labeled labeled) {
            walk(labeled.getGraphic(), visitor);
        }
        if (node instanceof ScrollPane scroll) {
            walk(scroll.getContent(), visitor);
        }
        if (node instanceof SplitPane split) {
            split.getItems().forEach(child -> walk(child, visitor));
        }
        if (node instanceof TabPane tabs) {
            tabs.getTabs().forEach(tab -> walk(tab.getContent(), visitor));
        }
        if (node instanceof TableView<?> table) {
            walk(table.getPlaceholder(), visitor);
        }
        if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> walk(child, visitor));
        }
    }

    private static List<String> fxmlFiles() throws IOException, URISyntaxException {
        // The main classes' folder, not the test classes' one that shares the package name.
        Path base = Path.of(ConnectView.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("teller/ui");
        try (Stream<Path> files = Files.walk(base)) {
            return files.filter(f -> f.toString().endsWith(".fxml"))
                    .map(f -> base.relativize(f).toString().replace('\\', '/')).sorted().toList();
        }
    }
}
