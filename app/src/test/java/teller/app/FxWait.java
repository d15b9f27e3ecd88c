package teller.app;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Waiting and reading helpers for the console's TestFX tests. */
final class FxWait {
    static final long WAIT_SECONDS = 30;

    private FxWait() {
    }

    static void until(BooleanSupplier condition, String what) {
        try {
            WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting until " + what, e);
        }
    }

    /** Runs {@code read} on the FX thread (where the scene's lists change) and returns its answer. */
    static <T> T fx(java.util.concurrent.Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean shows(FxRobot robot, String query) {
        return robot.lookup(query).tryQuery().filter(node -> node.isVisible() && node.getScene() != null).isPresent();
    }

    /**
     * For a failure's message: the windows showing (their titles and the labels they show) and every node matching
     * {@code query}, with its visibility. Run on the FX thread.
     */
    static String describeWindows(FxRobot robot, String query) {
        StringBuilder out = new StringBuilder();
        for (javafx.stage.Window w : javafx.stage.Window.getWindows()) {
            out.append("[window ").append(w.getClass().getSimpleName());
            if (w instanceof javafx.stage.Stage s) {
                out.append(" '").append(s.getTitle()).append("'");
            }
            out.append(" showing=").append(w.isShowing());
            if (w.getScene() != null) {
                out.append(" labels=");
                w.getScene().getRoot().lookupAll(".label").stream().filter(Node::isVisible)
                        .map(n -> ((Labeled) n).getText()).filter(t -> t != null && !t.isBlank()).limit(25)
                        .forEach(t -> out.append('|').append(t));
            }
            out.append("] ");
        }
        robot.lookup(query).queryAll().forEach(n -> out.append(query).append(" visible=").append(n.isVisible())
                .append(" in ").append(n.getScene() == null ? "no scene" : n.getScene().getWindow()).append("; "));
        return out.toString();
    }

    static String text(FxRobot robot, String query) {
        Object node = robot.lookup(query).query();
        if (node instanceof Labeled labeled) {
            return labeled.getText();
        }
        return ((TextInputControl) node).getText();
    }

    /** Signs in on the connect screen's Remote form with the Enter key. */
    static void signInRemote(FxRobot robot, String baseUrl, String username, String password) {
        fillRemote(robot, baseUrl, username, password);
        robot.type(KeyCode.ENTER);
    }

    /** Fills the connect screen's Remote form (the password typed by the robot), without signing in. */
    static void fillRemote(FxRobot robot, String baseUrl, String username, String password) {
        if (robot.lookup("#remoteMode").tryQuery().map(n -> !n.isDisabled()).orElse(false)) {
            robot.clickOn("#remoteMode");
        }
        robot.interact(() -> {
            robot.lookup("#serverUrl").queryAs(TextField.class).setText(baseUrl);
            robot.lookup("#username").queryAs(TextField.class).setText(username);
        });
        robot.clickOn("#password").write(password);
    }

    /**
     * Opens a console screen from the navigation (the console starts on the dashboard): clicks the
     * on-stage {@code #nav-<id>}; a signed-out session's nodes may linger in lookups, off stage.
     */
    static void openScreen(FxRobot robot, String id) {
        String query = "#nav-" + id;
        until(() -> robot.lookup(query).match(FxWait::onStage).tryQuery().isPresent(), "the navigation shows " + id);
        robot.clickOn(robot.lookup(query).match(FxWait::onStage).queryAs(javafx.scene.Node.class));
    }

    /**
     * Waits until the console's live events are connected (the app bar says Live): from then on a
     * change on the server reaches the screens without a refresh.
     */
    static void live(FxRobot robot) {
        until(() -> robot.lookup("#liveStatus").match(FxWait::onStage).tryQuery()
                .map(node -> ((Labeled) node).getText().contains("Live")).orElse(false), "the console is live");
    }

    /** A notice pop-up (ControlsFX, a window of its own) whose text contains {@code text} is on screen. */
    static boolean noticeShows(FxRobot robot, String text) {
        return robot.lookup((javafx.scene.Node node) -> node instanceof javafx.scene.control.Label label
                && label.getText() != null && label.getText().contains(text)).tryQuery().isPresent();
    }

    private static boolean onStage(javafx.scene.Node node) {
        return node.isVisible() && node.getScene() != null && node.getScene().getWindow() != null
                && node.getScene().getWindow().isShowing();
    }

    /**
     * Selects the first row matching {@code match} through the table's selection model, as a click
     * would: on this loaded headless run, robot clicks on freshly reloaded rows proved unreliable.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T> void select(FxRobot robot, String tableId, Class<T> type, Predicate<T> match, String what) {
        until(() -> item(robot, tableId, type, match) != null, what + " is listed");
        T found = item(robot, tableId, type, match);
        TableView table = robot.lookup(tableId).queryAs(TableView.class);
        robot.interact(() -> {
            table.getSelectionModel().select(found);
            table.requestFocus();
        });
    }

    static <T> T item(FxRobot robot, String tableId, Class<T> type, Predicate<T> match) {
        TableView<?> table = robot.lookup(tableId).queryAs(TableView.class);
        return fx(() -> table.getItems().stream().filter(type::isInstance).map(type::cast).filter(match)
                .findFirst().orElse(null));
    }

    /**
     * The leftmost cell of {@code row}, to select it by a click: the row's middle may be a link (an id
     * shown as a link opens what it names, not the row), depending on the window's width.
     */
    static javafx.scene.Node firstCell(javafx.scene.control.TableRow<?> row) {
        return row.lookupAll(".table-cell").stream()
                .min(java.util.Comparator.comparingDouble(n -> n.localToScene(0, 0).getX()))
                .orElse(row);
    }
}
