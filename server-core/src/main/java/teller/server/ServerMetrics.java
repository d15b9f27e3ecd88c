package teller.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import teller.server.alerts.Alert;
import teller.server.alerts.DashboardService;
import teller.server.approval.DepositBatcher;
import teller.server.events.LiveEvents;

/** The Prometheus meters {@link ServerCore} registers for its own services, next to the JVM's. */
final class ServerMetrics {
    private ServerMetrics() {
    }

    /** A registry with the JVM's memory, thread and processor meters bound. */
    static PrometheusMeterRegistry registry() {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        return metrics;
    }

    static void depositBatches(PrometheusMeterRegistry metrics, DepositBatcher batcher) {
        FunctionCounter.builder("teller.deposit.batches", batcher, DepositBatcher::batchesFlushed)
                .description("group-commit transactions that approved deposits").register(metrics);
        FunctionCounter.builder("teller.deposit.batch.approvals", batcher, DepositBatcher::approvalsFlushed)
                .description("deposit approvals carried by those transactions").register(metrics);
    }

    /**
     * {@code teller_alert_active{alert=...}} (1 or 0) and {@code teller_approved_failed_ratio}, from
     * the dashboard's alerts evaluated at most once per {@link DashboardService#METRICS_CACHE}.
     */
    static void alerts(PrometheusMeterRegistry metrics, DashboardService dashboard) {
        for (String alert : Alert.NAMES) {
            Gauge.builder("teller.alert.active", dashboard, d -> d.metricsSnapshot().active(alert) ? 1 : 0)
                    .description("1 while the dashboard alert is active").tag("alert", alert).register(metrics);
        }
        Gauge.builder("teller.approved.failed.ratio", dashboard, d -> d.metricsSnapshot().approvedFailedRatio().doubleValue())
                .description("APPROVED_FAILED share of the executions finished in the alert window").register(metrics);
    }

    /**
     * {@code teller_provider_circuits_open}: how many providers' breakers are OPEN now, read live (the
     * alert gauge {@code teller_alert_active{alert="PROVIDER_CIRCUIT_OPEN"}} may lag by the metrics cache).
     */
    static void providers(PrometheusMeterRegistry metrics, teller.server.provider.ProviderMonitor monitor) {
        Gauge.builder("teller.provider.circuits.open", monitor,
                        m -> m.list().stream().filter(teller.server.provider.ProviderReport::open).count())
                .description("providers whose circuit breaker is OPEN").register(metrics);
    }

    static void liveEvents(PrometheusMeterRegistry metrics, LiveEvents liveEvents) {
        Gauge.builder("teller.events.clients", liveEvents, LiveEvents::clients)
                .description("clients connected to the live event stream").register(metrics);
        FunctionCounter.builder("teller.events.clients.dropped", liveEvents, LiveEvents::droppedClients)
                .description("live-event clients dropped for falling behind").register(metrics);
        Gauge.builder("teller.event.streams.open", liveEvents, LiveEvents::openStreams)
                .description("event streams open on this replica (what EVENT_STREAM_MAX caps)").register(metrics);
    }
}
