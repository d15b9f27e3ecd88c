package teller.server;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import teller.server.provider.ProviderError;
import teller.server.provider.ProviderReport;
import teller.server.telegram.TelegramBotApi;

/**
 * A circuit breaker in front of the Telegram Bot API, so the providers list can show Telegram's state
 * like any other provider's and proof forwards stop hammering a Telegram that is down. Only failures
 * another attempt may cure (5xx, timeouts, refused connections) count; Telegram's own refusals and
 * rate limits mean it answered. While OPEN a send answers HELD at once, so the forwarder keeps
 * the proof queued and tries again later without using up an attempt.
 */
final class TelegramCircuit implements TelegramBotApi {
    static final int WINDOW_CALLS = 10;
    static final float FAILURE_RATE_PERCENT = 50f;
    static final Duration OPEN_DURATION = Duration.ofSeconds(30);

    private final TelegramBotApi api;
    private final CircuitBreaker breaker;
    private final Duration openDuration;
    private final String apiUrl;
    private volatile Instant stateSince = Instant.now();
    private volatile ProviderError lastError;

    /**
     * @param backoffMax the forwarder's longest wait between attempts (TELEGRAM_FORWARD_BACKOFF_MAX_MS): the breaker stays
     *                   OPEN for {@link #OPEN_DURATION}, or for that wait when it is shorter, so that the breaker never
     *                   holds a proof back longer than the forwarder's own backoff would
     */
    TelegramCircuit(TelegramBotApi api, String apiUrl, Duration backoffMax, CircuitBreakerRegistry registry,
                    Runnable onTransition) {
        this.api = api;
        this.apiUrl = apiUrl;
        Duration open = backoffMax.compareTo(OPEN_DURATION) < 0 ? backoffMax : OPEN_DURATION;
        this.openDuration = open;
        this.breaker = registry.circuitBreaker("telegram", CircuitBreakerConfig.custom()
                .slidingWindowSize(WINDOW_CALLS).minimumNumberOfCalls(Math.min(WINDOW_CALLS, 5))
                .failureRateThreshold(FAILURE_RATE_PERCENT).waitDurationInOpenState(open)
                .automaticTransitionFromOpenToHalfOpenEnabled(true).build());
        breaker.getEventPublisher().onStateTransition(event -> {
            stateSince = event.getCreationTime().toInstant();
            onTransition.run();
        });
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    @Override
    public SendResult sendPhoto(String chatId, byte[] photo, String fileName, String mediaType, String caption,
                                List<Button> buttons) {
        if (!breaker.tryAcquirePermission()) {
            return SendResult.held(openDuration, "Telegram's circuit breaker is " + breaker.getState()
                    + " after repeated failures");
        }
        long start = System.nanoTime();
        SendResult result = api.sendPhoto(chatId, photo, fileName, mediaType, caption, buttons);
        long took = System.nanoTime() - start;
        if (result.kind() == SendResult.Kind.RETRYABLE) {
            breaker.onError(took, TimeUnit.NANOSECONDS, new IllegalStateException(result.error()));
        } else {
            breaker.onSuccess(took, TimeUnit.NANOSECONDS);
        }
        if (result.kind() != SendResult.Kind.SENT) {
            lastError = new ProviderError("TELEGRAM_" + result.kind().name(), result.error(), Instant.now());
        }
        return result;
    }

    @Override
    public SendResult sendMessage(String chatId, String text) {
        // Operations notices have their own bounded retries; like the best-effort calls they do not
        // move the breaker, which reflects proof forwarding (their failures still show as RETRYABLE).
        return api.sendMessage(chatId, text);
    }

    @Override
    public CallResult answerCallbackQuery(String callbackQueryId, String text, boolean alert) {
        return noted(api.answerCallbackQuery(callbackQueryId, text, alert));
    }

    @Override
    public CallResult editMessageCaption(String chatId, long messageId, String caption, List<Button> buttons) {
        return noted(api.editMessageCaption(chatId, messageId, caption, buttons));
    }

    /** Best-effort calls after a decision: their failures are noted, but they do not move the breaker. */
    private CallResult noted(CallResult result) {
        if (!result.ok()) {
            lastError = new ProviderError("TELEGRAM_CALL_FAILED", result.error(), Instant.now());
        }
        return result;
    }

    ProviderReport report() {
        float rate = breaker.getMetrics().getFailureRate();
        return new ProviderReport(ProviderReport.TELEGRAM, ProviderReport.TELEGRAM, "Telegram Bot API", true, false, apiUrl,
                new ProviderReport.Breaker(breaker.getState().name(), stateSince), rate < 0 ? null : (double) rate, lastError);
    }
}
