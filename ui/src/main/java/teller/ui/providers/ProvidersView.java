package teller.ui.providers;

import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import teller.ui.api.ProviderInfo;
import teller.ui.common.FxmlView;
import teller.ui.common.Nodes;
import teller.ui.common.Tables;

/** The Providers panel's controller: every provider's state from {@link ProviderStates}. */
public final class ProvidersView extends FxmlView {
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

    @Override
    public void activate() {
        states.onChange(summarize);
        states.refresh();
    }

    @Override
    public void deactivate() {
        states.removeOnChange(summarize);
    }

    @FXML
    private void initialize() {
        Nodes.showText(providersError, states.error());
        providersTable.setItems(states.providers());
        Tables.column(nameColumn, r -> r.label());
        Tables.column(configuredColumn, r -> r.sandbox() ? "SANDBOX" : r.configured() ? "yes" : "no");
        Tables.codeColumn(breakerColumn, teller.ui.common.Labels.BREAKER, r -> r.stateText());
        Tables.column(sinceColumn, r -> r.breaker() == null
                || r.breaker().since() == null ? NONE : teller.ui.common.Times.formatSeconds(r.breaker().since()));
        Tables.column(failureRateColumn, r -> r.failureRatePercent() == null
                ? NONE : String.format(java.util.Locale.ROOT, "%.0f %%", r.failureRatePercent()));
        Tables.column(lastErrorColumn, r -> r.lastError() == null ? NONE
                : teller.ui.common.Times.formatSeconds(r.lastError().at()) + " " + (r.lastError().code() == null ? ""
                        : r.lastError().code() + ": ") + r.lastError().message());
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
