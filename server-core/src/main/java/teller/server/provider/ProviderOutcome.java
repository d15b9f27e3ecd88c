package teller.server.provider;

import java.util.Map;

/**
 * What an execution call established. Only {@link Unknown} leaves the outcome open: the provider
 * may or may not have executed, so the hold stays and recovery asks again later.
 */
public sealed interface ProviderOutcome {
    /** The full provider response (or a description of the failure) kept in executionResult. */
    Map<String, Object> result();

    /** Executed at the provider. */
    record Succeeded(String transactionId, Map<String, Object> result) implements ProviderOutcome {
    }

    /** The provider answered and refused: it did not execute. */
    record Refused(String errorCode, String error, Map<String, Object> result) implements ProviderOutcome {
    }

    /** Certainly not executed: not configured, circuit open before sending, or the provider never saw the key. */
    record Failed(String errorCode, String error, Map<String, Object> result) implements ProviderOutcome {
    }

    /** Sent, but no answer we can trust (timeouts, 5xx) and the provider could not be asked for the outcome. */
    record Unknown(String error, Map<String, Object> result) implements ProviderOutcome {
    }
}
