package teller.server.provider;

/** What the console shows about a provider: configured or not, sandbox, circuit-breaker state. */
public record ProviderStatus(ProviderKind kind, boolean configured, boolean sandbox, String baseUrl,
                             String circuitBreakerState) {
}
