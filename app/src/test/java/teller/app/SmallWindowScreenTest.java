package teller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static teller.app.FxWait.fx;
import static teller.app.FxWait.until;
import static teller.app.LayoutChecks.SLACK;
import static teller.app.LayoutChecks.codeProblems;
import static teller.app.LayoutChecks.describe;
import static teller.app.LayoutChecks.problems;
import static teller.app.LayoutChecks.settled;
import static teller.app.LayoutChecks.shown;
import static teller.app.LayoutChecks.sidewaysBars;
import static teller.app.LayoutChecks.wrappedHeaders;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.server.support.TestServer;
import teller.ui.console.ConsoleScreen;
import teller.ui.console.ConsoleWindow;

/**
 * Every console screen in a 1024×700 window (issue 16), against a real server with some data: no
 * label, button or cell shows its text cut short ("…"), and no control lies outside the window, or
 * outside the area a parent clips it to, unless a scroll pane (or a list's or table's own scrolling)
 * holds it. A screenshot of each screen goes to {@code target/small-window/}; with
 * {@code -Dteller.screenshots=<dir>} the queue's is also written as {@code small-window.png}.
 */
@ExtendWith(ApplicationExtension.class)
class SmallWindowScreenTest {
    static ServerCore server;
    private SmallWindow small;
    private Stage stage;
    private ConsoleWindow window;

    @BeforeAll
    static void startServer() {
        // Fraud rules on, so the same receipt sent twice raises a flag the fraud screen lists.
        server = TestServer.start(b -> b.fraud(teller.server.risk.FraudSettings.defaults()));
        ApiClient admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        admin.newOperator("maria.santos", "APPROVER");
        SmallWindow.twoApproversFrom(admin, 100000);
        Seed seed = new Seed(server);
        seed.player("p-small-1", "lucky.star.with.a.long.name", 1_250_00);
        seed.player("p-small-2", "river.bet", 40_00);
        seed.order("DEPOSIT", "p-small-1", 50_00, null);
        seed.order("DEPOSIT", "p-small-2", 1_500_00, null);
        // A paid deposit, so the reports have a row of money and a footer of totals.
        String paid = seed.order("DEPOSIT", "p-small-2", 20_00, null);
        server.services().approvals().approve(Long.parseLong(paid), teller.server.common.Actor.system("test-seed"), "paid");
        String rejected = seed.order("DEPOSIT", "p-small-2", 12_00, null);
        server.services().approvals().reject(Long.parseLong(rejected), teller.server.common.Actor.system("test-seed"),
                "Payment not received");
        teller.server.common.Actor portal = new teller.server.common.Actor(teller.server.common.ActorType.INTEGRATION,
                "player-portal", "player-portal", "127.0.0.1");
        String proof = teller.server.proof.ProofFixtures.base64(teller.server.proof.ProofFixtures.image("png", 4, 4, 5));
        for (int i = 0; i < 2; i++) {
            server.services().intake().submit(new teller.server.orders.IntakeRequest("DEPOSIT", "p-small-1",
                    25_00L + i * 5_00L, "USD", null, "GCASH", "PORTAL", null, proof), null, portal);
        }
        // Reports read the rollups, which the server's worker folds in a moment later; the reports screen reads
        // them once when it opens, so a test that opens it first must not race the worker (CI's order did).
        java.util.concurrent.atomic.AtomicReference<String> flow = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            until(() -> {
                ApiClient.Reply report = admin.get("/api/v1/reports/balance-flow");
                flow.set(report.status() + " " + report.text());
                // The two players' opening balances (seeded as deposits) and the paid deposit.
                return report.body().at("/summary/netFlowByCurrency/USD").asLong() == 1_250_00 + 40_00 + 20_00;
            }, "the rollups hold the paid deposit");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the report read last: " + flow.get(), e);
        }
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Start
    void start(Stage primary) {
        small = SmallWindow.open(server);
        stage = small.stage;
        window = small.window;
    }

    @AfterEach
    void closeTheOwnStage(FxRobot robot) {
        small.close(robot);
    }

    @Test
    void everyScreenFitsA1024By700WindowWithNothingElidedOrCutOff(FxRobot robot) throws Exception {
        small.awaitOpen();
        FxWait.live(robot);
        assertThat(fx(() -> stage.getScene().getWidth())).isEqualTo(SmallWindow.WIDTH);
        assertThat(fx(() -> stage.getScene().getHeight())).isEqualTo(SmallWindow.HEIGHT);
        List<String> ids = fx(() -> window.shell().screens().stream().map(ConsoleScreen::id).toList());
        assertThat(ids).as("the administrator sees every screen").hasSize(13);

        Path out = Path.of("target", "small-window");
        Files.createDirectories(out);
        List<String> problems = new ArrayList<>();
        for (String id : ids) {
            robot.interact(() -> window.shell().show(id));
            until(() -> fx(() -> settled(stage.getScene())), "the " + id + " screen has loaded");
            WaitForAsyncUtils.waitForFxEvents();
            if (id.equals("queue")) {
                until(() -> fx(() -> stage.getScene().lookup("#queueTable") instanceof TableView<?> table
                        && table.getSelectionModel().getSelectedItem() != null), "an order is open on the card");
                until(() -> fx(() -> settled(stage.getScene())), "the card has loaded");
                WaitForAsyncUtils.waitForFxEvents();
            }
            Screenshot.write(stage.getScene(), out.resolve(id + ".png"));
            if (id.equals("queue") && System.getProperty("teller.screenshots") != null) {
                Path docs = Path.of(System.getProperty("teller.screenshots"));
                Files.createDirectories(docs);
                Screenshot.write(stage.getScene(), docs.resolve("small-window.png"));
            }
            problems.addAll(fx(() -> problems(id, stage.getScene())));
            if (id.equals("queue")) {
                // The card is as wide as its half of the window leaves it, and the list's headers keep one line.
                problems.addAll(fx(() -> sidewaysBars(id, (javafx.scene.control.ScrollPane) stage.getScene().lookup("#detailScroll"))));
                problems.addAll(fx(() -> wrappedHeaders(id, (TableView<?>) stage.getScene().lookup("#queueTable"))));
            }
        }
        assertThat(problems).as("at 1024×700").isEmpty();
    }

    @Test
    void atA1280WindowTheBalanceFlowTableFitsWithoutScrollingSidewaysWithItsTotalsInTheFooter(FxRobot robot) {
        robot.interact(() -> {
            stage.setWidth(1280);
            stage.setHeight(800);
        });
        small.awaitOpen();
        robot.interact(() -> window.shell().show("reports"));
        TableView<?> table = robot.lookup("#reportTable").queryAs(TableView.class);
        Parent footer = waitForTheFooter(robot, table);
        assertThat(fx(() -> table.getColumns().size())).isGreaterThanOrEqualTo(8);
        assertThat(fx(() -> sidewaysScrolling(table))).as("no horizontal scroll bar").isFalse();
        assertThat(fx(() -> problems("reports at 1280", stage.getScene(), table))).as("no header or cell cut short").isEmpty();
        assertThat(fx(() -> problems("reports' footer at 1280", stage.getScene(), footer))).as("no total cut short").isEmpty();
        assertThat(fx(() -> footerUnderItsColumns(table, footer))).as("each total under its column").isEmpty();
        // Long headers wrap onto a second line instead of widening the table.
        assertThat(fx(() -> headerLines(table, "Voided withdrawals"))).isGreaterThan(1);
        assertThat(fx(() -> headerLines(table, "Withdrawal count"))).isGreaterThan(1);
    }

    @Test
    void atA1024By700WindowTheReportsGiveTheirTablesRoomToRead(FxRobot robot) {
        small.awaitOpen();
        robot.interact(() -> window.shell().show("reports"));
        TableView<?> table = robot.lookup("#reportTable").queryAs(TableView.class);
        Parent footer = waitForTheFooter(robot, table);
        Scene scene = stage.getScene();
        assertThat(fx(() -> problems("reports' footer", scene, footer))).as("the totals show whole").isEmpty();
        // Scrolled sideways to its end, each total is still under its column.
        robot.interact(() -> table.lookupAll(".scroll-bar").stream()
                .filter(n -> n instanceof javafx.scene.control.ScrollBar bar
                        && bar.getOrientation() == javafx.geometry.Orientation.HORIZONTAL)
                .map(javafx.scene.control.ScrollBar.class::cast).forEach(bar -> bar.setValue(bar.getMax())));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> footerUnderItsColumns(table, footer))).as("each total under its column").isEmpty();
        assertThat(fx(() -> rowsInView(table))).as("balance flow: rows the table shows beside its chart")
                .isGreaterThanOrEqualTo(3);

        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<teller.ui.reports.ReportKind> picker =
                robot.lookup("#reportPicker").queryAs(javafx.scene.control.ComboBox.class);
        robot.interact(() -> picker.setValue(teller.ui.reports.ReportKind.OPERATIONS));
        until(() -> fx(() -> table.getColumns().stream().anyMatch(c -> "col-operator".equals(c.getId()))
                && !table.getItems().isEmpty() && settled(scene)), "the operations report is shown");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> rowsInView(table))).as("operations: rows the table shows beside its chart")
                .isGreaterThanOrEqualTo(3);
        assertThat(fx(() -> problems("operations", scene))).isEmpty();

        robot.interact(() -> picker.setValue(teller.ui.reports.ReportKind.RISK_EXPOSURE));
        until(() -> fx(() -> table.getColumns().stream().anyMatch(c -> "col-section".equals(c.getId()))
                && !table.getItems().isEmpty() && settled(scene)), "the risk exposure report is shown");
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.SplitPane split = robot.lookup("#reportSplit").queryAs(javafx.scene.control.SplitPane.class);
        assertThat(fx(() -> split.getItems().size())).as("no empty chart pane above a report without a chart")
                .isEqualTo(1);
        assertThat(fx(() -> table.getHeight() / split.getHeight())).as("the table takes the split's space")
                .isGreaterThan(0.9);
        assertThat(fx(() -> problems("risk exposure", scene))).isEmpty();
    }

    @Test
    void everyCodeOnTheScreensReadsAsItsLabelWithItsMeaningAsTooltip(FxRobot robot) {
        small.awaitOpen();
        FxWait.live(robot);
        Set<String> labels = ScreenCodesTest.labelsOnScreen();
        Set<String> codes = new java.util.HashSet<>();
        ScreenCodesTest.codesOnScreen().values().forEach(codes::addAll);
        List<String> ids = fx(() -> window.shell().screens().stream().map(ConsoleScreen::id).toList());
        List<String> problems = new ArrayList<>();
        for (String id : ids) {
            robot.interact(() -> window.shell().show(id));
            until(() -> fx(() -> settled(stage.getScene())), "the " + id + " screen has loaded");
            WaitForAsyncUtils.waitForFxEvents();
            problems.addAll(fx(() -> codeProblems(id, stage.getScene().getRoot(), labels, codes)));
        }
        assertThat(problems).as("codes on the screens").isEmpty();
    }

    private Parent waitForTheFooter(FxRobot robot, TableView<?> table) {
        Parent footer = robot.lookup("#reportFooter").queryAs(Parent.class);
        until(() -> fx(() -> !table.getColumns().isEmpty() && !table.getItems().isEmpty()
                && !footer.getChildrenUnmodifiable().isEmpty() && settled(stage.getScene())),
                "the balance flow and its totals are shown");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> shown(footer))).isTrue();
        for (Parent p = footer.getParent(); p != null; p = p.getParent()) {
            assertThat(p).as("the footer is not inside the table's scrolling").isNotSameAs(table);
        }
        return footer;
    }

    private static boolean sidewaysScrolling(TableView<?> table) {
        return table.lookupAll(".scroll-bar").stream().anyMatch(n -> n instanceof javafx.scene.control.ScrollBar bar
                && bar.getOrientation() == javafx.geometry.Orientation.HORIZONTAL && shown(bar));
    }

    /** How many whole rows the table shows: its height under the header over a row's height. */
    private static int rowsInView(TableView<?> table) {
        Node header = table.lookup(".column-header-background");
        Node row = table.lookup(".table-row-cell");
        double rowHeight = row == null ? 24 : row.getLayoutBounds().getHeight();
        double headerHeight = header == null ? 0 : header.getLayoutBounds().getHeight();
        return (int) Math.floor((table.getHeight() - headerHeight) / rowHeight);
    }

    /** Which totals do not start where their column starts (each line of the footer). */
    private static List<String> footerUnderItsColumns(TableView<?> table, Parent footer) {
        List<String> off = new ArrayList<>();
        List<Double> starts = new ArrayList<>();
        for (javafx.scene.control.TableColumn<?, ?> column : table.getColumns()) {
            table.lookupAll(".column-header").stream()
                    .filter(n -> n instanceof javafx.scene.control.skin.TableColumnHeader h && h.getTableColumn() == column)
                    .findFirst().ifPresent(h -> starts.add(h.localToScene(h.getLayoutBounds()).getMinX()));
        }
        for (Node line : footer.getChildrenUnmodifiable()) {
            List<Node> cells = ((Parent) line).getChildrenUnmodifiable();
            assertThat(cells).hasSize(starts.size());
            for (int i = 0; i < cells.size(); i++) {
                double x = cells.get(i).localToScene(cells.get(i).getLayoutBounds()).getMinX();
                if (Math.abs(x - starts.get(i)) > SLACK + 1) {
                    off.add(describe(cells.get(i)) + " starts at " + Math.round(x) + ", its column at "
                            + Math.round(starts.get(i)));
                }
            }
        }
        return off;
    }

    /** The lines the header of the column titled {@code title} is drawn on. */
    private static int headerLines(TableView<?> table, String title) {
        for (Node node : table.lookupAll(".column-header .label")) {
            if (node instanceof Labeled label && title.equals(label.getText())) {
                Text text = label.getChildrenUnmodifiable().stream().filter(Text.class::isInstance).map(Text.class::cast)
                        .findFirst().orElseThrow();
                double line = label.getFont().getSize() * 1.6;
                return (int) Math.ceil(text.getLayoutBounds().getHeight() / line - 0.01);
            }
        }
        throw new AssertionError("no header " + title);
    }
}
