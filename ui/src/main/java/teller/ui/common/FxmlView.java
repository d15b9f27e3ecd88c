package teller.ui.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/**
 * A view's controller: its layout is the FXML file named after the class, beside it in the
 * resources ({@code teller/ui/<package>/<SimpleName>.fxml}), and {@link #load()} builds that node
 * tree with this object as its controller. Subclasses bind their view model in a private
 * {@code @FXML initialize()}; {@link #activate()} and {@link #deactivate()} follow the screen being
 * shown and hidden.
 */
public abstract class FxmlView {
    private Parent root;

    /** Builds the node tree from the FXML, with this object as its controller; on the FX thread. */
    public final Parent load() {
        String name = getClass().getSimpleName() + ".fxml";
        URL location = getClass().getResource(name);
        if (location == null) {
            throw new IllegalStateException("no " + name + " beside " + getClass().getName());
        }
        FXMLLoader loader = new FXMLLoader(location);
        loader.setControllerFactory(type -> this);
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + name, e);
        }
        return root;
    }

    /** The loaded node tree (null before {@link #load()}). */
    protected final Parent root() {
        return root;
    }

    /** The view is shown: start listening, load data. Default: nothing. */
    public void activate() {
    }

    /** The view is hidden: stop listening. Default: nothing. */
    public void deactivate() {
    }
}
