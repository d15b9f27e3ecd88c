package teller.server.proof;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import teller.server.audit.AuditEvent;
import teller.server.audit.AuditLog;
import teller.server.common.Actor;
import teller.server.common.GoneException;
import teller.server.common.NotFoundException;
import teller.server.common.Transactor;

/** Read side of proofs: what happened to an order's proof, and the image itself while the spool holds it. */
public final class ProofQueries {
    /** The audit action of each look at a proof image. */
    public static final String PROOF_VIEWED = "PROOF_VIEWED";

    private final Transactor tx;
    private final ProofForwardStore forwards;
    private final ProofSpool spool;
    private final ProofOfOrder orders;
    private final AuditLog audit;
    private final Clock clock;

    public ProofQueries(Transactor tx, ProofForwardStore forwards, ProofSpool spool, ProofOfOrder orders, AuditLog audit,
                        Clock clock) {
        this.tx = tx;
        this.forwards = forwards;
        this.spool = spool;
        this.orders = orders;
        this.audit = audit;
        this.clock = clock;
    }

    public Optional<ProofForwardStore.Forward> forwardOf(long orderId) {
        return tx.read(() -> forwards.ofOrder(orderId));
    }

    /** The image an operator looks at, with the hash recorded at intake (never recomputed here). */
    public record ProofImage(byte[] bytes, String mediaType, String sha256) {
    }

    /**
     * The order's proof image while the spool still holds it and its retention has not run out
     * (decision 0105). Each successful view is audited {@code PROOF_VIEWED}.
     *
     * @throws NotFoundException ORDER_NOT_FOUND, or NO_PROOF when the order came without one
     * @throws GoneException     PROOF_EXPIRED when the spool let the image go
     */
    public ProofImage image(long orderId, Actor actor) {
        String sha256 = tx.read(() -> orders.find(orderId))
                .orElseThrow(() -> new NotFoundException("order", String.valueOf(orderId))).sha256();
        if (sha256 == null) {
            throw new NotFoundException("NO_PROOF", "order " + orderId + " has no payment proof",
                    Map.of("orderId", String.valueOf(orderId)));
        }
        ProofForwardStore.Forward forward = forwardOf(orderId).orElse(null);
        String name = forward == null ? null : tx.read(() -> forwards.spoolNameOf(forward.id())).orElse(null);
        boolean retained = forward != null && forward.expiresAt().isAfter(clock.instant());
        byte[] bytes = name == null || !retained ? null : spool.read(name);
        if (bytes == null) {
            throw new GoneException("PROOF_EXPIRED", "the proof of order " + orderId
                    + " is no longer kept (only its hash remains)", Map.of("orderId", String.valueOf(orderId),
                    "sha256", sha256));
        }
        tx.run(() -> audit.append(AuditEvent.success(actor, PROOF_VIEWED, "ORDER", String.valueOf(orderId),
                Map.of("sha256", sha256))));
        return new ProofImage(bytes, forward.mediaType(), sha256);
    }
}
