package teller.server.proof;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import teller.server.audit.AuditEvent;
import teller.server.audit.AuditLog;
import teller.server.common.Actor;
import teller.server.common.ConflictException;
import teller.server.common.InvalidInputException;
import teller.server.common.NotFoundException;
import teller.server.common.Page;
import teller.server.common.Transactor;
import teller.server.events.EventTypes;
import teller.server.events.Outbox;

/** The forwarding status of every proof, and an operator's re-queue of one that did not get through. */
public final class ProofForwardService {
    public static final Set<String> STATUSES = Set.of("QUEUED", "SENT", "RETRYING", "FAILED", "EXPIRED");

    private final Transactor tx;
    private final ProofForwardStore forwards;
    private final ProofSpool spool;
    private final AuditLog audit;
    private final Outbox outbox;
    private final Clock clock;
    private final ProofSettings settings;

    public ProofForwardService(Transactor tx, ProofForwardStore forwards, ProofSpool spool, AuditLog audit, Outbox outbox,
                               Clock clock, ProofSettings settings) {
        this.tx = tx;
        this.forwards = forwards;
        this.spool = spool;
        this.audit = audit;
        this.outbox = outbox;
        this.clock = clock;
        this.settings = settings;
    }

    public Page<ProofForwardStore.Forward> list(String status, String cursor, int limit) {
        String wanted = status == null || status.isBlank() ? null : status.trim().toUpperCase(Locale.ROOT);
        if (wanted != null && !STATUSES.contains(wanted)) {
            throw new InvalidInputException("status", "status must be one of QUEUED, SENT, RETRYING, FAILED, EXPIRED");
        }
        return tx.read(() -> forwards.list(wanted, cursor, limit));
    }

    /**
     * Puts a FAILED forward, or an EXPIRED one whose image is still in the spool, back in the queue
     * with fresh attempts; an expired one also gets a fresh retention, or the sweep would expire it
     * again at once. Anything else is a 409: a sent proof needs no resend, a queued one is on its way,
     * and without the image there is nothing to send.
     */
    public ProofForwardStore.Forward retry(long id, Actor actor) {
        return tx.inTransaction(() -> {
            ProofForwardStore.Forward forward = forwards.lockById(id)
                    .orElseThrow(() -> new NotFoundException("proof forward", String.valueOf(id)));
            boolean retryable = forward.status().equals("FAILED") || forward.status().equals("EXPIRED");
            if (!retryable) {
                throw new ConflictException("PROOF_FORWARD_NOT_RETRYABLE", "only a FAILED or EXPIRED forward can be "
                        + "re-queued; forward " + id + " is " + forward.status(), Map.of("status", forward.status()));
            }
            boolean imagePresent = forwards.spoolNameOf(id).map(spool::read).isPresent();
            if (!imagePresent) {
                throw new ConflictException("PROOF_NO_LONGER_SPOOLED", "the image of forward " + id
                        + " is no longer in the spool, so there is nothing to send", Map.of("status", forward.status()));
            }
            Instant now = clock.instant();
            Instant expiresAt = forward.expiresAt().isAfter(now) ? forward.expiresAt() : now.plus(settings.retention());
            forwards.requeue(id, expiresAt);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("before", forward.status());
            details.put("after", "QUEUED");
            details.put("attempts", forward.attempts());
            if (forward.lastError() != null) {
                details.put("lastError", forward.lastError());
            }
            details.put("orderId", String.valueOf(forward.orderId()));
            audit.append(AuditEvent.success(actor, "PROOF_FORWARD_REQUEUE", "PROOF_FORWARD", String.valueOf(id), details));
            outbox.emit(EventTypes.PROOF_FORWARD_UPDATED, "ORDER", String.valueOf(forward.orderId()),
                    Map.of("orderId", String.valueOf(forward.orderId()), "forwardId", String.valueOf(id),
                            "status", "QUEUED", "attempts", 0));
            return forwards.lockById(id).orElseThrow();
        });
    }
}
