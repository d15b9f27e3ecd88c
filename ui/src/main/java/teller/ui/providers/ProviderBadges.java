package teller.ui.providers;

import java.util.Set;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import teller.ui.console.LiveFeed;

/**
 * The app bar's provider badges for the whole session: a warning while any provider's circuit
 * breaker is OPEN, and SANDBOX while any provider is a sandbox (it executes nothing real).
 */
public final class ProviderBadges {
    private final Label warning = new Label();
    private final Label sandbox = new Label("SANDBOX");

    public ProviderBadges(ProviderStates states) {
        warning.setId("providerWarning");
        warning.getStyleClass().addAll("badge", "badge-warning");
        warning.textProperty().bind(states.openText().map(text -> "⚠ Circuit open: " + text));
        warning.visibleProperty().bind(states.anyOpen());
        warning.managedProperty().bind(warning.visibleProperty());
        warning.setTooltip(new Tooltip("A provider's circuit breaker is OPEN: its approvals and retries are refused "
                + "until it recovers (see Providers)"));
        sandbox.setId("sandboxBadge");
        sandbox.getStyleClass().addAll("badge", "badge-sandbox");
        sandbox.visibleProperty().bind(states.anySandbox());
        sandbox.managedProperty().bind(sandbox.visibleProperty());
        sandbox.setTooltip(new Tooltip("A SANDBOX provider is on: its executions are not real"));
    }

    public Label warning() {
        return warning;
    }

    public Label sandbox() {
        return sandbox;
    }

    /** Keeps {@code states} current for as long as the session's feed runs. */
    public static LiveFeed.Subscription follow(LiveFeed live, ProviderStates states) {
        states.refresh();
        return live.subscribe(Set.of(ProviderStates.PROVIDER_STATE_CHANGED), event -> states.serverChanged());
    }
}
