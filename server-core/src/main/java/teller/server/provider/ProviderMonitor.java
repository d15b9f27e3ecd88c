package teller.server.provider;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Every provider of one server, as {@code GET /api/v1/providers}, the dashboard's provider alerts
 * and the console read them. A breaker's transition is announced through {@link #changed}, which
 * hands the provider's new report to the publisher (the outbox's {@code PROVIDER_STATE_CHANGED}).
 */
public final class ProviderMonitor {
    private final List<Supplier<List<ProviderReport>>> sources = new CopyOnWriteArrayList<>();
    private volatile Consumer<ProviderReport> publisher = report -> { };

    /** Adds providers (a supplier, as some lists grow: a payment provider's webhooks appear when first seen). */
    public void add(Supplier<List<ProviderReport>> source) {
        sources.add(source);
    }

    public void add(ExecutionProvider provider) {
        sources.add(() -> List.of(ProviderReport.of(provider)));
    }

    /** Where transitions go; set once the outbox exists (providers are built before it). */
    public void publishTo(Consumer<ProviderReport> publisher) {
        this.publisher = publisher;
    }

    public List<ProviderReport> list() {
        return sources.stream().flatMap(s -> s.get().stream()).toList();
    }

    public Optional<ProviderReport> find(String id) {
        return list().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** The provider {@code id}'s breaker moved: its report as it is now goes to the publisher. */
    public void changed(String id) {
        find(id).ifPresent(report -> publisher.accept(report));
    }
}
