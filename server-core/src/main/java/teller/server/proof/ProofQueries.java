package teller.server.proof;

import java.util.Optional;
import teller.server.common.Transactor;

/** Read side of proof forwarding: what happened to an order's proof. */
public final class ProofQueries {
    private final Transactor tx;
    private final ProofForwardStore forwards;

    public ProofQueries(Transactor tx, ProofForwardStore forwards) {
        this.tx = tx;
        this.forwards = forwards;
    }

    public Optional<ProofForwardStore.Forward> forwardOf(long orderId) {
        return tx.read(() -> forwards.ofOrder(orderId));
    }
}
