package teller.ui.console;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.beans.value.ObservableBooleanValue;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import teller.ui.connect.Session;

/**
 * The signed-in console: an app bar (current screen, connection, sign-out), a navigation column
 * with one button per screen the operator may see (Ctrl+1 … Ctrl+9 in order; Ctrl+B collapses it to
 * icons) and the content area showing the current screen. Screens are built once and kept while the session lasts.
 */
public final class ConsoleShell {
    private static final int SHORTCUT_SCREENS_MAX = 9;
    private static final PseudoClass OFFLINE = PseudoClass.getPseudoClass("offline");
    private static final PseudoClass COLLAPSED = PseudoClass.getPseudoClass("collapsed");

    private final List<ConsoleScreen> screens;
    private final Runnable onSignOut;
    private final BorderPane root = new BorderPane();
    private final StackPane content = new StackPane();
    private final Label screenTitle = new Label();
    private final ToggleGroup navigation = new ToggleGroup();
    private final Map<String, ToggleButton> buttons = new HashMap<>();
    private final Map<String, Parent> views = new HashMap<>();
    private final LiveSource live;
    /** The navigation column shows only each screen's icon (Ctrl+B switches), leaving the room to the screen. */
    private final javafx.beans.property.BooleanProperty navCollapsed =
            new javafx.beans.property.SimpleBooleanProperty(this, "navCollapsed");
    private ConsoleScreen current;
    private java.util.function.Consumer<String> onScreenShown = id -> { };
    /** The shown screen's live events; null when it follows none. */
    private LiveFeed.Subscription currentEvents;

    /**
     * @param screens   every screen of the console; those not {@linkplain ConsoleScreen#availableTo
     *                  available} to the session's operator are left out
     * @param live      the session's live events: the app bar shows whether they are connected ("Live"
     *                  or "Reconnecting…") and the screen on show gets those it follows; null: neither
     * @param onSignOut called after the current screen is deactivated by the Sign out button
     */
    public ConsoleShell(Session session, List<ConsoleScreen> screens, LiveSource live, Runnable onSignOut) {
        this.screens = screens.stream().filter(s -> s.availableTo(session.operator())).toList();
        if (this.screens.isEmpty()) {
            throw new IllegalArgumentException("no screen is available to " + session.operator().username());
        }
        this.onSignOut = Objects.requireNonNull(onSignOut);
        root.getStyleClass().add("console-root");
        this.live = live;
        root.setTop(appBar(session.label(), live == null ? null : live.connectedProperty()));
        root.setLeft(navigationColumn());
        content.getStyleClass().add("console-content");
        root.setCenter(content);
        root.addEventFilter(KeyEvent.KEY_PRESSED, this::onShortcut);
        Navigator navigator = new Navigator() {
            @Override
            public void show(String screenId) {
                ConsoleShell.this.show(screenId);
            }

            @Override
            public void show(String screenId, String argument) {
                ConsoleShell.this.show(screenId, argument);
            }

            @Override
            public boolean has(String screenId) {
                return ConsoleShell.this.screens.stream().anyMatch(s -> s.id().equals(screenId));
            }
        };
        this.screens.forEach(screen -> screen.attach(navigator));
        // An id shown on any screen opens what it names (IdLinks), where this operator has that screen.
        content.addEventHandler(teller.ui.common.IdLinks.Open.OPEN, open -> {
            if (navigator.has(open.screenId())) {
                show(open.screenId(), open.argument());
            }
            open.consume();
        });
    }

    public Parent root() {
        return root;
    }

    /** Shows the first screen. */
    public void start() {
        show(screens.get(0).id());
    }

    /**
     * Shows the screen with {@code id}: the current one is deactivated, the new one loaded on first
     * use and activated.
     *
     * @throws IllegalArgumentException when no available screen has that id
     */
    public void show(String id) {
        ConsoleScreen next = screens.stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no screen " + id));
        if (next == current) {
            buttons.get(id).setSelected(true);
            return;
        }
        stopCurrent();
        current = next;
        Parent view = views.computeIfAbsent(id, key -> keepButtonLabels(next.view()));
        content.getChildren().setAll(view);
        screenTitle.setText(next.title());
        buttons.get(id).setSelected(true);
        next.activate();
        if (live != null && !next.liveEventTypes().isEmpty()) {
            currentEvents = live.subscribe(next.liveEventTypes(), next::liveEvent);
        }
        onScreenShown.accept(id);
    }

    /** Shows the screen with {@code id} and hands it {@code argument} ({@link ConsoleScreen#open(String)}). */
    public void show(String id, String argument) {
        show(id);
        current.open(argument);
    }

    /** Tells {@code listener} the id of every screen shown from now on (the console remembers the last one). */
    public void setOnScreenShown(java.util.function.Consumer<String> listener) {
        onScreenShown = Objects.requireNonNull(listener);
    }

    /**
     * Whether the navigation column is collapsed to icons (Ctrl+B, or its « / » button); the titles
     * stay as tooltips. The console window remembers it in the preferences.
     */
    public javafx.beans.property.BooleanProperty navCollapsedProperty() {
        return navCollapsed;
    }

    /** Stops the live events of the screen on show, then the screen. */
    private void stopCurrent() {
        if (currentEvents != null) {
            currentEvents.close();
            currentEvents = null;
        }
        if (current != null) {
            current.deactivate();
        }
    }

    /** The screen on show, or null before {@link #start()}. */
    public ConsoleScreen current() {
        return current;
    }

    /** The screens the operator sees, in navigation order. */
    public List<ConsoleScreen> screens() {
        return screens;
    }

    /** Adds {@code item} to the app bar, before the Sign out button (e.g. the console's About button). */
    public void addAppBarItem(javafx.scene.Node item) {
        HBox bar = (HBox) root.getTop();
        bar.getChildren().add(bar.getChildren().size() - 1, item);
    }

    /** Adds {@code banner} above the content area, under the app bar (e.g. the Local profile's backup warning). */
    public void addBanner(javafx.scene.Node banner) {
        VBox column = root.getCenter() instanceof VBox existing ? existing : new VBox(content);
        VBox.setVgrow(content, Priority.ALWAYS);
        column.getChildren().add(column.getChildren().size() - 1, banner);
        root.setCenter(column);
    }

    /** Stops the current screen (sign-out, lock, window closing). */
    public void stop() {
        stopCurrent();
        current = null;
    }

    /**
     * Buttons keep their labels (issue 16): no button of a screen is squeezed below its text's width
     * to "Re…"; a bar too narrow for its buttons must wrap or scroll instead. Applied once to each
     * screen's view, where the buttons it builds up front live, and by a screen to a part it builds later
     * (the queue's decision card).
     * <p>
     * Not a stylesheet rule: "as wide as the text" is {@link Region#USE_PREF_SIZE} (negative
     * infinity), which JavaFX CSS cannot write ({@code -fx-min-width: -Infinity} parses as a name, not
     * a size), and a fixed width per button bar would cut a longer label or another font. Nor
     * {@code minWidth="-Infinity"} on each button in the FXML: one rule here also covers the buttons a
     * view builds in code as it loads, and a new screen's buttons without a line of their own.
     */
    public static Parent keepButtonLabels(Parent view) {
        List<javafx.scene.Node> pending = new java.util.ArrayList<>(List.of(view));
        while (!pending.isEmpty()) {
            javafx.scene.Node node = pending.remove(pending.size() - 1);
            if (node instanceof javafx.scene.control.ButtonBase button && button.getMinWidth() == Region.USE_COMPUTED_SIZE) {
                button.setMinWidth(Region.USE_PREF_SIZE);
            }
            // Before its skin exists a control has no children: what it holds is reached through it.
            if (node instanceof javafx.scene.control.SplitPane split) {
                pending.addAll(split.getItems());
            } else if (node instanceof javafx.scene.control.ScrollPane scroll && scroll.getContent() != null) {
                pending.add(scroll.getContent());
            } else if (node instanceof javafx.scene.control.TabPane tabs) {
                tabs.getTabs().stream().map(javafx.scene.control.Tab::getContent).filter(java.util.Objects::nonNull)
                        .forEach(pending::add);
            } else if (node instanceof javafx.scene.control.TitledPane titled && titled.getContent() != null) {
                pending.add(titled.getContent());
            } else if (node instanceof Parent parent && !(node instanceof javafx.scene.control.Control)) {
                pending.addAll(parent.getChildrenUnmodifiable());
            }
        }
        return view;
    }

    private HBox appBar(String connectionLabel, ObservableBooleanValue live) {
        Label brand = new Label("Teller");
        brand.getStyleClass().add("brand");
        screenTitle.getStyleClass().add("app-bar-title");
        screenTitle.setId("screenTitle");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label connection = new Label(connectionLabel);
        connection.setId("connection");
        connection.getStyleClass().add("connection-chip");
        Button signOut = new Button("Sign out");
        signOut.setId("signOut");
        signOut.getStyleClass().add("flat");
        signOut.setOnAction(e -> {
            stop();
            onSignOut.run();
        });
        HBox bar = new HBox(14, brand, screenTitle, spacer, connection, signOut);
        if (live != null) {
            bar.getChildren().add(bar.getChildren().indexOf(connection), liveStatus(live));
        }
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("app-bar");
        return bar;
    }

    /** "Live" while the event stream is up; "Reconnecting…" (lists may lag until then) while it is not. */
    private static Label liveStatus(ObservableBooleanValue live) {
        Label status = new Label();
        status.setId("liveStatus");
        status.getStyleClass().add("live-status");
        Tooltip explained = new Tooltip();
        status.setTooltip(explained);
        Runnable update = () -> {
            boolean up = live.get();
            status.setText(up ? "● Live" : "○ Reconnecting…");
            status.pseudoClassStateChanged(OFFLINE, !up);
            explained.setText(up ? "Lists update by themselves as the server reports changes"
                    : "The live update connection is down; lists refresh when it is back (F5 refreshes now)");
        };
        live.addListener((obs, before, now) -> update.run());
        update.run();
        return status;
    }

    private javafx.scene.control.ScrollPane navigationColumn() {
        VBox column = new VBox(4);
        column.getStyleClass().add("nav");
        Button collapse = new Button();
        collapse.setId("navCollapse");
        collapse.getStyleClass().addAll("flat", "nav-collapse");
        collapse.setMaxWidth(Double.MAX_VALUE);
        collapse.setOnAction(e -> navCollapsed.set(!navCollapsed.get()));
        Tooltip collapseTip = new Tooltip();
        collapse.setTooltip(collapseTip);
        Runnable showCollapsed = () -> {
            boolean collapsed = navCollapsed.get();
            collapse.setText(collapsed ? "»" : "« Collapse");
            collapseTip.setText(collapsed ? "Show the screens' names (Ctrl+B)" : "Only icons, more room for the screen (Ctrl+B)");
            column.pseudoClassStateChanged(COLLAPSED, collapsed);
            buttons.values().forEach(b -> b.setContentDisplay(collapsed
                    ? javafx.scene.control.ContentDisplay.GRAPHIC_ONLY : javafx.scene.control.ContentDisplay.LEFT));
        };
        navCollapsed.addListener((obs, before, now) -> showCollapsed.run());
        for (int i = 0; i < screens.size(); i++) {
            ConsoleScreen screen = screens.get(i);
            ToggleButton button = new ToggleButton(screen.title());
            button.setId("nav-" + screen.id());
            button.setToggleGroup(navigation);
            button.setMaxWidth(Double.MAX_VALUE);
            button.getStyleClass().add("nav-button");
            Label icon = new Label(NavigationIcons.icon(screen.id()));
            icon.getStyleClass().add("nav-icon");
            button.setGraphic(icon);
            button.setGraphicTextGap(8);
            button.setTooltip(new Tooltip(screen.title() + (i < SHORTCUT_SCREENS_MAX ? " (Ctrl+" + (i + 1) + ")" : "")));
            // A toggle pressed again must stay selected: the navigation always shows where you are.
            button.setOnAction(e -> show(screen.id()));
            buttons.put(screen.id(), button);
            column.getChildren().add(button);
        }
        Region spacer = new Region();
        VBox.setVgrow(spacer, Priority.ALWAYS);
        column.getChildren().addAll(spacer, collapse);
        showCollapsed.run();
        // A short window scrolls the column rather than cutting its last screens off.
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(column);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("nav-scroll");
        return scroll;
    }

    private void onShortcut(KeyEvent event) {
        if (!event.isShortcutDown()) {
            return;
        }
        if (event.getCode() == KeyCode.B && !event.isShiftDown() && !event.isAltDown()) {
            navCollapsed.set(!navCollapsed.get());
            event.consume();
            return;
        }
        int index = digit(event.getCode());
        if (index >= 1 && index <= Math.min(screens.size(), SHORTCUT_SCREENS_MAX)) {
            show(screens.get(index - 1).id());
            event.consume();
        }
    }

    private static int digit(KeyCode code) {
        if (code.isDigitKey()) {
            String name = code.getName();
            char last = name.charAt(name.length() - 1);
            return Character.isDigit(last) ? last - '0' : -1;
        }
        return -1;
    }
}
