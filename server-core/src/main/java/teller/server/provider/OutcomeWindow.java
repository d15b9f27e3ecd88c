package teller.server.provider;

import java.time.Instant;

/**
 * The last {@link #SIZE_MAX} outcomes of something Teller talks to that has no breaker of its own
 * to ask (a payment provider's webhooks, which call in): the failure rate over them and the last
 * error. Kept in memory: a restart forgets it, as it forgets a breaker's window.
 */
public final class OutcomeWindow {
    public static final int SIZE_MAX = 20;
    private final boolean[] failures = new boolean[SIZE_MAX];
    private int next;
    private int size;
    private ProviderError lastError;

    public synchronized void succeeded() {
        add(false);
    }

    public synchronized void failed(String code, String message, Instant at) {
        add(true);
        lastError = new ProviderError(code, message, at);
    }

    private void add(boolean failed) {
        failures[next] = failed;
        next = (next + 1) % SIZE_MAX;
        size = Math.min(size + 1, SIZE_MAX);
    }

    /** Percent of the outcomes kept that failed; null before the first. */
    public synchronized Double failureRatePercent() {
        if (size == 0) {
            return null;
        }
        int failed = 0;
        for (int i = 0; i < size; i++) {
            failed += failures[i] ? 1 : 0;
        }
        return 100.0 * failed / size;
    }

    public synchronized ProviderError lastError() {
        return lastError;
    }
}
