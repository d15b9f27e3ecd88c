package teller.server.proof;

import java.time.Clock;
import java.util.Map;
import teller.server.events.EventTypes;
import teller.server.events.Outbox;

/**
 * Takes a deposit's payment proof in: inspects it (no I/O), spools it before the order's
 * transaction, and queues its forward inside that transaction. The database learns only the hash,
 * format, size and the spool file's generated name; the bytes stay in the spool.
 */
public final class ProofIntake {
    private final ProofSpool spool;
    private final ProofForwardStore forwards;
    private final Outbox outbox;
    private final Clock clock;
    private final ProofSettings settings;

    public ProofIntake(ProofSpool spool, ProofForwardStore forwards, Outbox outbox, Clock clock, ProofSettings settings) {
        this.spool = spool;
        this.forwards = forwards;
        this.outbox = outbox;
        this.clock = clock;
        this.settings = settings;
    }

    public ProofUpload inspect(String base64) {
        return ProofImages.inspect(base64, settings.sizeMaxBytes(), settings.pixelsMax());
    }

    /** Writes the image to the spool; call before the order's transaction, {@link #discard} if it fails. */
    public String spool(ProofUpload upload) {
        return spool.put(upload);
    }

    /** Queues the forward of a newly created order's proof; inside the intake transaction. */
    public void queue(long orderId, ProofUpload upload, String spoolName) {
        forwards.insertQueued(orderId, upload, spoolName, clock.instant().plus(settings.retention()));
        outbox.emit(EventTypes.PROOF_FORWARD_UPDATED, "ORDER", String.valueOf(orderId),
                Map.of("orderId", String.valueOf(orderId), "status", "QUEUED", "sha256", upload.sha256()));
    }

    /** Removes a spooled image whose order was not created (refused, or a repeat of an earlier request). */
    public void discard(String spoolName) {
        if (spoolName != null) {
            spool.delete(spoolName);
        }
    }
}
