package teller.ui.providers;

import java.io.IOException;
import java.io.UncheckedIOException;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import teller.ui.api.ProviderInfo;

/** The Providers panel's controller: every provider's state from {@link ProviderStates}. */
public final class ProvidersView {
    private static final String NONE = "—";
    private final ProviderStates states;

    @FXML private Label providersError;
    @FXML private Label providersSummary;
    @FXML private TableView<ProviderInfo> providersTable;
    @FXML private TableColumn<ProviderInfo, String> nameColumn;
    @FXML private TableColumn<ProviderInfo, String> configuredColumn;
    @FXML private TableColumn<ProviderInfo, String> breakerColumn;
    @FXML private TableColumn<ProviderInfo, String> sinceColumn;
    @FXML private TableColumn<ProviderInfo, String> failureRateColumn;
    @FXML private TableColumn<ProviderInfo, String> lastErrorColumn;

    private final Runnable summarize = this::summarize;

    public ProvidersView(ProviderStates states) {
        this.states = states;
    }

    public Parent load() {
        FXMLLoader loader = new FXMLLoader(ProvidersView.class.getResource("ProvidersView.fxml"));
        loader.setControllerFactory(type -> this);
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load ProvidersView.fxml", e);
        }
    }

    public void activate() {
        states.onChange(summarize);
        states.refresh();
    }

    public void deactivate() {
        states.removeOnChange(summarize);
    }

    @FXML
    private void initialize() {
        providersError.textProperty().bind(states.error());
        providersError.visibleProperty().bind(states.error().isNotEmpty());
        providersError.managedProperty().bind(providersError.visibleProperty());
        providersTable.setItems(states.providers());
        nameColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().label()));
        configuredColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(
                c.getValue().sandbox() ? "SANDBOX" : c.getValue().configured() ? "yes" : "no"));
        breakerColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().stateText()));
        sinceColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().breaker() == null
                || c.getValue().breaker().since() == null ? NONE : ProviderInfo.time(c.getValue().breaker().since())));
        failureRateColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().failureRatePercent() == null
                ? NONE : String.format(java.util.Locale.ROOT, "%.0f %%", c.getValue().failureRatePercent())));
        lastErrorColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().lastError() == null ? NONE
                : ProviderInfo.time(c.getValue().lastError().at()) + " " + (c.getValue().lastError().code() == null ? ""
                        : c.getValue().lastError().code() + ": ") + c.getValue().lastError().message()));
        summarize();
    }

    private void summarize() {
        providersSummary.setText(providersSummary(states));
    }

    static String providersSummary(ProviderStates states) {
        if (states.providers().isEmpty()) {
            return "";
        }
        return states.anyOpen().get() ? "Circuit open: " + states.openText().get()
                + ". Approvals and retries through it are refused until it recovers."
                : "No provider's circuit is open.";
    }

    @FXML
    private void refresh() {
        states.refresh();
    }
}
