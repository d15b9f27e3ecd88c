package teller.server.proof;

import java.util.Optional;

/**
 * What the proof read side needs of an order: the proof hash recorded at its intake. A port the
 * composition root implements over the order store, so that {@code proof} does not depend on
 * {@code orders} (which calls {@code proof} at intake): the packages stay free of cycles.
 */
@FunctionalInterface
public interface ProofOfOrder {
    /** Empty when there is no such order; otherwise its proof hash, {@code null} inside when it came without one. */
    Optional<Recorded> find(long orderId);

    /** The order's proof hash at intake, or {@code null} when the order came without a proof. */
    record Recorded(String sha256) {
    }
}
