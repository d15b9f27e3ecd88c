package teller.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeTableView;
import javafx.scene.text.Text;

/**
 * What the 1024×700 tests (issue 16) check on a screen, on the FX thread: text elided ("…"),
 * controls outside the window or a clipping parent with no scrolling around them, server codes shown
 * bare or without their meaning; and whether a screen is still loading.
 */
final class LayoutChecks {
    /** Rounding of layout to pixels. */
    static final double SLACK = 1.5;

    private LayoutChecks() {
    }

    /**
     * Cells, and the choices of every combo box, that show a server code bare, or its label without a
     * tooltip saying what it means (issue 16).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<String> codeProblems(String screen, Parent root, Set<String> labels, Set<String> codes) {
        List<String> found = new ArrayList<>();
        for (Node node : all(root)) {
            if (!shown(node)) {
                continue;
            }
            if (node instanceof javafx.scene.control.IndexedCell<?> cell && !cell.isEmpty()) {
                codeProblem(screen, describe(node), cell.getText(), cell.getTooltip(), labels, codes, found);
            }
            if (node instanceof javafx.scene.control.ComboBox box && !box.getItems().isEmpty()) {
                javafx.util.Callback factory = box.getCellFactory();
                ListView list = new ListView(box.getItems());
                for (int i = 0; i < box.getItems().size(); i++) {
                    Object item = box.getItems().get(i);
                    if (factory == null) {
                        codeProblem(screen, describe(node) + " choice " + i, item == null ? null : item.toString(), null,
                                labels, codes, found);
                        continue;
                    }
                    javafx.scene.control.ListCell cell = (javafx.scene.control.ListCell) factory.call(list);
                    cell.updateListView(list);
                    cell.updateIndex(i);
                    codeProblem(screen, describe(node) + " choice " + i, cell.getText(), cell.getTooltip(), labels, codes,
                            found);
                }
            }
        }
        return found;
    }

    private static void codeProblem(String screen, String where, String text, javafx.scene.control.Tooltip tooltip,
                                    Set<String> labels, Set<String> codes, List<String> found) {
        if (text == null || text.isBlank()) {
            return;
        }
        if (codes.contains(text) && !labels.contains(text)) {
            found.add(screen + ": the bare code " + text + " in " + where);
        } else if (labels.contains(text) && (tooltip == null || tooltip.getText() == null || tooltip.getText().isBlank())) {
            found.add(screen + ": '" + text + "' without a tooltip in " + where);
        }
    }

    /** Nothing shows that it is still loading. */
    static boolean settled(Scene scene) {
        return all(scene.getRoot()).stream().noneMatch(n -> n instanceof ProgressIndicator p && shown(p)
                && p.isIndeterminate());
    }

    /** What is elided or cut off on the screen now, each described so the failure names it. */
    static List<String> problems(String screen, Scene scene) {
        return problems(screen, scene, scene.getRoot());
    }

    /** {@link #problems(String, Scene)} of {@code root} and what it holds. */
    static List<String> problems(String screen, Scene scene, Parent root) {
        List<String> found = new ArrayList<>();
        for (Node node : all(root)) {
            if (!shown(node)) {
                continue;
            }
            if (node instanceof Labeled labeled && elided(labeled)) {
                found.add(screen + ": text elided: " + describe(node) + " shows '" + rendered(labeled)
                        + "' of '" + labeled.getText() + "'");
            }
            if (node instanceof Control control) {
                String cut = cutOff(control, scene);
                if (cut != null) {
                    found.add(screen + ": " + cut + ": " + describe(node));
                }
            }
        }
        return found;
    }

    /**
     * A scroll pane fitted to its width that still shows its sideways bar: something in it is wider than the
     * window leaves it (the decision card's two links side by side did, issue 16).
     */
    static List<String> sidewaysBars(String screen, ScrollPane scroll) {
        List<String> found = new ArrayList<>();
        for (Node child : scroll.getChildrenUnmodifiable()) {
            if (child instanceof javafx.scene.control.ScrollBar bar && shown(bar)
                    && bar.getOrientation() == javafx.geometry.Orientation.HORIZONTAL) {
                Node content = scroll.getContent();
                found.add(screen + ": " + describe(scroll) + " scrolls sideways: its content needs "
                        + Math.round(content.minWidth(-1)) + " px of " + Math.round(scroll.getViewportBounds().getWidth()));
            }
        }
        return found;
    }

    /** Column headers of {@code table} whose title breaks over two lines ("Gam" / "e"). */
    static List<String> wrappedHeaders(String screen, TableView<?> table) {
        List<String> found = new ArrayList<>();
        for (Node node : all(table)) {
            if (node instanceof javafx.scene.control.Label label && label.getText() != null && !label.getText().isEmpty()
                    && label.getParent() != null && label.getParent().getStyleClass().contains("column-header")) {
                Text drawn = label.getChildrenUnmodifiable().stream().filter(Text.class::isInstance).map(Text.class::cast)
                        .findFirst().orElse(null);
                Text oneLine = new Text(label.getText());
                oneLine.setFont(label.getFont());
                if (drawn != null && drawn.getLayoutBounds().getHeight() > oneLine.getLayoutBounds().getHeight() * 1.5) {
                    found.add(screen + ": column header wraps: " + describe(label));
                }
            }
        }
        return found;
    }

    private static boolean elided(Labeled labeled) {
        String text = labeled.getText();
        if (text == null || text.isEmpty() || labeled.getContentDisplay() == ContentDisplay.GRAPHIC_ONLY
                || labeled.getWidth() <= 0) {
            return false;
        }
        String shown = rendered(labeled);
        if (shown == null) {
            return false;
        }
        String expected = labeled.isMnemonicParsing() ? text.replaceFirst("_(?=.)", "") : text;
        return !shown.equals(expected);
    }

    /** The text the skin draws (its LabeledText child), or null before it has a skin. */
    private static String rendered(Labeled labeled) {
        return labeled.getChildrenUnmodifiable().stream().filter(Text.class::isInstance).map(n -> ((Text) n).getText())
                .findFirst().orElse(null);
    }

    /**
     * Whether {@code control} lies (partly) outside the window or outside what a clipping parent
     * shows, with no scrolling parent in between; null when it is in view.
     */
    private static String cutOff(Control control, Scene scene) {
        Bounds bounds = control.localToScene(control.getLayoutBounds());
        if (bounds.getWidth() <= 0 || bounds.getHeight() <= 0) {
            return null;
        }
        for (Parent parent = control.getParent(); parent != null; parent = parent.getParent()) {
            if (scrolls(parent)) {
                return null;
            }
        }
        for (Parent parent = control.getParent(); parent != null; parent = parent.getParent()) {
            if (parent.getClip() != null) {
                Bounds clip = parent.localToScene(parent.getClip().getBoundsInParent());
                if (outside(bounds, clip)) {
                    return "cut off by " + parent.getClass().getSimpleName() + " at " + round(clip);
                }
            }
        }
        if (outside(bounds, new javafx.geometry.BoundingBox(0, 0, scene.getWidth(), scene.getHeight()))) {
            return "outside the window";
        }
        return null;
    }

    private static boolean scrolls(Parent parent) {
        // The reports' footer of totals scrolls sideways with its table (ReportFooter binds it to the table's bar).
        return parent.getStyleClass().contains("report-footer") || parent instanceof ScrollPane || parent instanceof ListView<?> || parent instanceof TableView<?>
                || parent instanceof TreeTableView<?> || parent.getClass().getSimpleName().equals("VirtualFlow");
    }

    static boolean outside(Bounds inner, Bounds outer) {
        return inner.getMinX() < outer.getMinX() - SLACK || inner.getMinY() < outer.getMinY() - SLACK
                || inner.getMaxX() > outer.getMaxX() + SLACK || inner.getMaxY() > outer.getMaxY() + SLACK;
    }

    static String describe(Node node) {
        String name = node.getClass().getSimpleName() + (node.getId() == null ? "" : "#" + node.getId());
        if (node instanceof Labeled labeled && labeled.getText() != null && node.getId() == null) {
            name += " '" + labeled.getText() + "'";
        }
        return name + " at " + round(node.localToScene(node.getLayoutBounds()));
    }

    private static String round(Bounds b) {
        return String.format("(%.0f,%.0f %.0f×%.0f)", b.getMinX(), b.getMinY(), b.getWidth(), b.getHeight());
    }

    /** Visible with every parent visible, and in the scene. */
    static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible() || n.getOpacity() == 0) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    static List<Node> all(Parent root) {
        List<Node> nodes = new ArrayList<>();
        List<Node> pending = new ArrayList<>(List.of(root));
        while (!pending.isEmpty()) {
            Node node = pending.remove(pending.size() - 1);
            nodes.add(node);
            if (node instanceof Parent parent) {
                pending.addAll(parent.getChildrenUnmodifiable());
            }
        }
        return nodes;
    }
}
