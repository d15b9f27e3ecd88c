package teller.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.config.ServerConfig;
import teller.server.provider.ExecutionProvider;
import teller.server.provider.HttpExecutionProvider;
import teller.server.provider.ProviderKind;
import teller.server.provider.ProviderSettings;
import teller.server.provider.SandboxProvider;
import teller.server.provider.UnconfiguredProvider;

/**
 * The execution providers of one server: the real HTTP provider where a base URL is configured,
 * the sandbox only when asked for, and otherwise one that refuses with {@code *_API_UNAVAILABLE}.
 * Part of {@link ServerCore}'s composition root: only here are provider wire adapters built.
 */
final class ProviderWiring {
    /** Under the server's own name, where operators look for start-up warnings. */
    private static final Logger log = LoggerFactory.getLogger(ServerCore.class);

    private ProviderWiring() {
    }

    static Map<ProviderKind, ExecutionProvider> providers(ServerConfig config, ObjectMapper json, MeterRegistry metrics,
                                                          Consumer<AutoCloseable> resources) {
        OkHttpClient shared = OutboundHttp.client(resources);
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        RetryRegistry retries = RetryRegistry.ofDefaults();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(metrics);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(metrics);
        Map<ProviderKind, ExecutionProvider> providers = new EnumMap<>(ProviderKind.class);
        for (ProviderSettings settings : List.of(config.gameLoad(), config.payout())) {
            ExecutionProvider provider;
            if (settings.baseUrl() != null) {
                provider = new HttpExecutionProvider(settings, shared, json, breakers, retries);
                if (config.executionLease().compareTo(settings.executionDurationMax()) <= 0) {
                    // Recovery may then take over an execution that is still running here.
                    log.warn("execution lease {} is not longer than the longest {} execution {}; raise "
                                    + "EXECUTION_LEASE_SECONDS or lower the provider timeouts", config.executionLease(),
                            settings.kind().label(), settings.executionDurationMax());
                }
            } else if (config.sandboxProviders()) {
                log.warn("SANDBOX {} enabled: approvals of this type execute nothing real", settings.kind().label());
                provider = new SandboxProvider(settings.kind());
            } else {
                log.warn("{} is not configured: approvals of this type will end APPROVED_FAILED with {}",
                        settings.kind().label(), settings.kind().unavailableCode());
                provider = new UnconfiguredProvider(settings.kind());
            }
            providers.put(settings.kind(), provider);
        }
        return providers;
    }
}
