package teller.server.telegram;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.common.Transactor;
import teller.server.events.EventTypes;
import teller.server.events.Outbox;
import teller.server.orders.Order;
import teller.server.orders.OrderStore;
import teller.server.proof.ProofForwardStore;
import teller.server.proof.ProofMediaType;
import teller.server.proof.ProofSpool;
import teller.server.risk.RiskService;

/**
 * The proof forwarding worker (decision 0030): each iteration claims due forwards with a lease
 * (SKIP LOCKED, so replicas share the work and never hold the same forward at once), sends each
 * photo to the operators' chat with Approve/Reject buttons, and records the outcome fenced by the
 * lease: SENT (and the spool file deleted), RETRYING with a jittered exponential backoff or
 * Telegram's own retry_after, FAILED once the attempts are spent or Telegram refuses the request,
 * EXPIRED when the image is gone. Every status change writes PROOF_FORWARD_UPDATED in its
 * transaction. Nothing here runs inside intake or approval, so a slow Telegram never holds them.
 */
public final class ProofForwarder {
    private static final Logger log = LoggerFactory.getLogger(ProofForwarder.class);
    public static final String NOT_CONFIGURED = "TELEGRAM_NOT_CONFIGURED";
    public static final String SPOOL_FILE_MISSING = "SPOOL_FILE_MISSING";
    /** Waiting forwards marked TELEGRAM_NOT_CONFIGURED per iteration while Telegram is not configured. */
    public static final int NOTE_BATCH_MAX = 500;

    private final Transactor tx;
    private final ProofForwardStore forwards;
    private final ProofSpool spool;
    private final OrderStore orders;
    private final RiskService risk;
    private final FraudSummarySource fraud;
    private final TelegramBotApi bot;
    private final Outbox outbox;
    private final Clock clock;
    private final TelegramSettings settings;

    public ProofForwarder(Transactor tx, ProofForwardStore forwards, ProofSpool spool, OrderStore orders,
                          RiskService risk, FraudSummarySource fraud, TelegramBotApi bot, Outbox outbox, Clock clock,
                          TelegramSettings settings) {
        this.tx = tx;
        this.forwards = forwards;
        this.spool = spool;
        this.orders = orders;
        this.risk = risk;
        this.fraud = fraud;
        this.bot = bot;
        this.outbox = outbox;
        this.clock = clock;
        this.settings = settings;
    }

    /** One iteration; returns how many forwards it handled. */
    public int forwardDue() {
        Instant now = clock.instant();
        String leaseToken = UUID.randomUUID().toString();
        if (!settings.forwardingConfigured()) {
            return noteUnconfigured();
        }
        List<ProofForwardStore.Claim> claims = tx.inTransaction(() ->
                forwards.claimDue(now, leaseToken, now.plus(settings.lease()), settings.forwardBatchMax()));
        for (ProofForwardStore.Claim claim : claims) {
            try {
                forward(claim, leaseToken);
            } catch (RuntimeException e) {
                // The lease runs out and the forward is claimed again; nothing was recorded as sent.
                log.error("forwarding proof of order {} failed unexpectedly; it is tried again after its lease",
                        claim.orderId(), e);
            }
        }
        return claims.size();
    }

    /**
     * Without a bot token or chat id nothing can be sent (decision 0030): waiting forwards stay in the
     * queue, each marked once with last error TELEGRAM_NOT_CONFIGURED (no attempt counted) so the
     * console says why nothing moves; once the server runs with Telegram configured they are sent
     * by themselves, and their retention still expires them as usual.
     */
    private int noteUnconfigured() {
        return tx.inTransaction(() -> {
            List<ProofForwardStore.Expired> rows = forwards.noteWaiting(NOT_CONFIGURED, NOTE_BATCH_MAX);
            for (ProofForwardStore.Expired row : rows) {
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("orderId", String.valueOf(row.orderId()));
                payload.put("forwardId", String.valueOf(row.id()));
                payload.put("status", "QUEUED");
                payload.put("lastError", NOT_CONFIGURED);
                outbox.emit(EventTypes.PROOF_FORWARD_UPDATED, "ORDER", String.valueOf(row.orderId()), payload);
            }
            return rows.size();
        });
    }

    private void forward(ProofForwardStore.Claim claim, String leaseToken) {
        byte[] photo = claim.spoolName() == null ? null : spool.read(claim.spoolName());
        if (photo == null) {
            record(claim, "EXPIRED", claim.attempts(), SPOOL_FILE_MISSING,
                    () -> forwards.markExpired(claim.id(), leaseToken, SPOOL_FILE_MISSING));
            return;
        }
        Order order = tx.read(() -> orders.find(claim.orderId()))
                .orElseThrow(() -> new IllegalStateException("forward " + claim.id() + " has no order"));
        String caption = ForwardCaption.of(order, risk.checks(order.id()), fraud.summaryOf(order.id()));
        TelegramBotApi.SendResult result = bot.sendPhoto(settings.chatId(), photo, fileName(claim), claim.mediaType(),
                caption, buttons(order.id()));
        int attempts = claim.attempts() + 1;
        Instant now = clock.instant();
        switch (result.kind()) {
            case SENT -> {
                boolean recorded = record(claim, "SENT", attempts, null, () -> forwards.markSent(claim.id(), leaseToken,
                        result.chatId(), result.messageId(), attempts));
                // An undecided order's image stays for the operators' card; the sweep removes it once
                // the order is decided or the retention ran out (decision 0105).
                boolean decided = tx.read(() -> orders.find(claim.orderId())).map(o -> o.status().isFinal()).orElse(true);
                if (recorded && decided && spool.delete(claim.spoolName())) {
                    tx.run(() -> forwards.forgetSpoolNames(List.of(claim.spoolName())));
                }
            }
            case RATE_LIMITED -> retryOrGiveUp(claim, leaseToken, attempts, result.error(),
                    now.plus(max(result.retryAfter(), Duration.ZERO)));
            case RETRYABLE -> retryOrGiveUp(claim, leaseToken, attempts, result.error(), now.plus(backoff(attempts)));
            case REFUSED -> record(claim, "FAILED", attempts, result.error(),
                    () -> forwards.markFailed(claim.id(), leaseToken, attempts, result.error()));
            // Nothing was sent (Telegram's breaker is open): queued again, no attempt used.
            case HELD -> record(claim, "RETRYING", claim.attempts(), result.error(),
                    () -> forwards.markRetrying(claim.id(), leaseToken, claim.attempts(), result.error(),
                            now.plus(max(result.retryAfter(), Duration.ZERO))));
        }
    }

    private void retryOrGiveUp(ProofForwardStore.Claim claim, String leaseToken, int attempts, String error,
                               Instant next) {
        if (attempts >= settings.attemptsMax()) {
            String gaveUp = "gave up after " + attempts + " attempts: " + error;
            record(claim, "FAILED", attempts, gaveUp, () -> forwards.markFailed(claim.id(), leaseToken, attempts, gaveUp));
        } else {
            record(claim, "RETRYING", attempts, error,
                    () -> forwards.markRetrying(claim.id(), leaseToken, attempts, error, next));
        }
    }

    /** Writes the outcome and its event in one transaction, if the lease is still ours. */
    private boolean record(ProofForwardStore.Claim claim, String status, int attempts, String error,
                           Supplier<Boolean> write) {
        boolean written = tx.inTransaction(() -> {
            if (!write.get()) {
                return false;
            }
            emit(claim, status, attempts, error);
            return true;
        });
        if (!written) {
            log.warn("proof forward {} of order {}: the lease ran out before its outcome {} was recorded; another "
                    + "process owns it now", claim.id(), claim.orderId(), status);
        }
        return written;
    }

    private void emit(ProofForwardStore.Claim claim, String status, int attempts, String error) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("orderId", String.valueOf(claim.orderId()));
        payload.put("forwardId", String.valueOf(claim.id()));
        payload.put("status", status);
        payload.put("attempts", attempts);
        if (error != null) {
            payload.put("lastError", error);
        }
        outbox.emit(EventTypes.PROOF_FORWARD_UPDATED, "ORDER", String.valueOf(claim.orderId()), payload);
    }

    /** Exponential from the initial backoff, capped, with jitter over its upper half so replicas spread out. */
    Duration backoff(int attempts) {
        long initial = settings.backoffInitial().toMillis();
        long cap = settings.backoffMax().toMillis();
        long exponential = initial << Math.min(30, Math.max(0, attempts - 1));
        long ceiling = Math.min(cap, exponential <= 0 ? cap : exponential);
        long floor = ceiling / 2;
        return Duration.ofMillis(floor + ThreadLocalRandom.current().nextLong(ceiling - floor + 1));
    }

    private static Duration max(Duration a, Duration b) {
        return a == null ? b : a.compareTo(b) >= 0 ? a : b;
    }

    static List<TelegramBotApi.Button> buttons(long orderId) {
        return List.of(new TelegramBotApi.Button("Approve", "approve:" + orderId),
                new TelegramBotApi.Button("Reject", "reject:" + orderId));
    }

    private static String fileName(ProofForwardStore.Claim claim) {
        return "proof-" + claim.orderId() + "." + ProofMediaType.ofMime(claim.mediaType()).extension();
    }
}
