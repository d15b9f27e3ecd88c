package teller.ui.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import teller.ui.api.EventStream;
import teller.ui.api.OperatorInfo;
import teller.ui.api.TellerClient;
import teller.ui.connect.Session;

/** The navigation shell on a real (headless) stage: nav buttons, Ctrl+digit, screen lifecycle. */
@ExtendWith(ApplicationExtension.class)
class ConsoleShellTest {
    private static final OkHttpClient HTTP = new OkHttpClient();
    private final List<String> lifecycle = new ArrayList<>();
    private final AtomicInteger signedOut = new AtomicInteger();
    private ConsoleShell shell;
    private final SimpleBooleanProperty live = new SimpleBooleanProperty(false);
    /** The open subscriptions of the scripted live events: their types and where events go. */
    private final List<Map.Entry<Set<String>, Consumer<EventStream.ServerEvent>>> subscribed = new ArrayList<>();
    private final LiveSource liveSource = new LiveSource() {
        @Override
        public ObservableBooleanValue connectedProperty() {
            return live;
        }

        @Override
        public LiveFeed.Subscription subscribe(Set<String> types, Consumer<EventStream.ServerEvent> action) {
            Map.Entry<Set<String>, Consumer<EventStream.ServerEvent>> entry = Map.entry(types, action);
            subscribed.add(entry);
            return () -> subscribed.remove(entry);
        }
    };

    private void publish(String type) {
        var event = new EventStream.ServerEvent(1, type, "ORDER", "7", null);
        List.copyOf(subscribed).stream().filter(e -> e.getKey().contains(type)).forEach(e -> e.getValue().accept(event));
    }

    private final class FakeScreen implements ConsoleScreen {
        private final String id;
        private final boolean adminOnly;
        int loads;

        FakeScreen(String id, boolean adminOnly) {
            this.id = id;
            this.adminOnly = adminOnly;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String title() {
            return "Screen " + id;
        }

        @Override
        public Parent view() {
            loads++;
            Label label = new Label("content of " + id);
            label.setId("content-" + id);
            return new StackPane(label);
        }

        @Override
        public void activate() {
            lifecycle.add("+" + id);
        }

        @Override
        public void deactivate() {
            lifecycle.add("-" + id);
        }

        @Override
        public Set<String> liveEventTypes() {
            return id.equals("second") ? Set.of("ORDER_CREATED") : Set.of();
        }

        @Override
        public void liveEvent(EventStream.ServerEvent event) {
            lifecycle.add(id + " got " + event.type());
        }

        @Override
        public boolean availableTo(OperatorInfo operator) {
            return !adminOnly || operator.roles().contains("ADMIN");
        }
    }

    private final FakeScreen first = new FakeScreen("first", false);
    private final FakeScreen second = new FakeScreen("second", false);
    private final FakeScreen admin = new FakeScreen("admin", true);

    @Start
    void start(Stage stage) {
        Session session = new Session(TellerClient.withToken(HTTP, "http://127.0.0.1:9", "t"),
                new OperatorInfo("op-1", "maria", List.of("APPROVER")), false);
        shell = new ConsoleShell(session, List.of(first, second, admin), liveSource, signedOut::incrementAndGet);
        stage.setScene(new Scene(shell.root(), 800, 500));
        stage.show();
        shell.start();
    }

    @Test
    void startsOnTheFirstScreenAndHidesScreensTheRoleMayNotSee(FxRobot robot) {
        assertThat(robot.lookup("#content-first").tryQuery()).isPresent();
        assertThat(robot.lookup("#nav-first").queryAs(ToggleButton.class).isSelected()).isTrue();
        assertThat(robot.lookup("#screenTitle").queryAs(Label.class).getText()).isEqualTo("Screen first");
        assertThat(robot.lookup("#nav-admin").tryQuery()).isEmpty();
        assertThat(shell.screens()).extracting(ConsoleScreen::id).containsExactly("first", "second");
        assertThat(robot.lookup("#connection").queryAs(Label.class).getText()).isEqualTo("http://127.0.0.1:9 · maria");
        assertThatThrownBy(() -> shell.show("admin")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void navigationButtonsAndCtrlDigitsSwitchScreensLoadingEachOnce(FxRobot robot) {
        robot.clickOn("#nav-second");
        assertThat(robot.lookup("#content-second").tryQuery()).isPresent();
        assertThat(robot.lookup("#content-first").tryQuery()).isEmpty();

        robot.press(KeyCode.CONTROL, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.CONTROL);
        assertThat(robot.lookup("#content-first").tryQuery()).isPresent();
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT3).release(KeyCode.DIGIT3, KeyCode.CONTROL);

        assertThat(shell.current()).isSameAs(second);
        assertThat(lifecycle).containsExactly("+first", "-first", "+second", "-second", "+first", "-first", "+second");
        assertThat(first.loads).isEqualTo(1);
        assertThat(second.loads).isEqualTo(1);
    }

    @Test
    void ctrlBCollapsesTheNavigationToIconsWithTheTitlesAsTooltipsAndItsButtonExpandsIt(FxRobot robot) {
        ToggleButton nav = robot.lookup("#nav-second").queryAs(ToggleButton.class);
        double wide = nav.getParent().getLayoutBounds().getWidth();
        robot.press(KeyCode.CONTROL, KeyCode.B).release(KeyCode.B, KeyCode.CONTROL);
        assertThat(shell.navCollapsedProperty().get()).isTrue();
        assertThat(nav.getContentDisplay()).isEqualTo(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
        assertThat(((Label) nav.getGraphic()).getText()).isEqualTo("S");
        assertThat(nav.getTooltip().getText()).isEqualTo("Screen second (Ctrl+2)");
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        assertThat(nav.getParent().getLayoutBounds().getWidth()).isLessThan(wide);
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        assertThat(shell.current()).as("the shortcuts still work").isSameAs(second);

        robot.clickOn("#navCollapse");
        assertThat(shell.navCollapsedProperty().get()).isFalse();
        assertThat(nav.getContentDisplay()).isEqualTo(javafx.scene.control.ContentDisplay.LEFT);
        assertThat(NavigationIcons.icon("queue")).isEqualTo("☰");
    }

    @Test
    void clickingTheCurrentScreenKeepsItSelected(FxRobot robot) {
        robot.clickOn("#nav-first");
        assertThat(robot.lookup("#nav-first").queryAs(ToggleButton.class).isSelected()).isTrue();
        assertThat(lifecycle).containsExactly("+first");
    }

    @Test
    void signOutStopsTheCurrentScreenFirst(FxRobot robot) {
        robot.clickOn("#signOut");
        assertThat(lifecycle).containsExactly("+first", "-first");
        assertThat(signedOut).hasValue(1);
        assertThat(shell.current()).isNull();
    }

    @Test
    void theAppBarSaysWhetherTheLiveEventsAreConnected(FxRobot robot) {
        Label status = robot.lookup("#liveStatus").queryAs(Label.class);
        assertThat(status.getText()).isEqualTo("○ Reconnecting…");
        assertThat(status.getPseudoClassStates()).extracting(Object::toString).contains("offline");

        robot.interact(() -> live.set(true));
        assertThat(status.getText()).isEqualTo("● Live");
        assertThat(status.getPseudoClassStates()).extracting(Object::toString).doesNotContain("offline");
        assertThat(status.getTooltip().getText()).contains("update by themselves");

        robot.interact(() -> live.set(false));
        assertThat(status.getText()).isEqualTo("○ Reconnecting…");
        assertThat(status.getTooltip().getText()).contains("F5");
    }

    @Test
    void onlyTheScreenOnShowGetsTheLiveEventsItFollows(FxRobot robot) {
        publish("ORDER_CREATED");
        assertThat(subscribed).as("the first screen follows no events").isEmpty();

        robot.clickOn("#nav-second");
        assertThat(subscribed).hasSize(1);
        robot.interact(() -> {
            publish("ORDER_CREATED");
            publish("FLAG_RAISED");
        });
        robot.clickOn("#nav-first");
        assertThat(subscribed).as("hidden: unsubscribed").isEmpty();
        publish("ORDER_CREATED");

        assertThat(lifecycle).containsExactly("+first", "-first", "+second", "second got ORDER_CREATED", "-second",
                "+first");
    }
}
