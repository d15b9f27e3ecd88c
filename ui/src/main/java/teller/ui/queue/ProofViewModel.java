package teller.ui.queue;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import teller.ui.api.ApiException;
import teller.ui.api.OrderView;
import teller.ui.api.ProofImage;
import teller.ui.api.TellerClient;
import teller.ui.common.ErrorText;
import teller.ui.common.UiExecutors;

/**
 * The payment proof of the order on the decision card (issue 12): the image the server still keeps, with the
 * check of its hash ({@link ProofImage}), or why none shows. {@link DecisionCardViewModel} tells it which
 * order is shown; {@link ProofView} shows it.
 */
public final class ProofViewModel {
    private final TellerClient client;
    private final UiExecutors executors;
    private final ReadOnlyObjectWrapper<ProofImage> proof = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    /** The order whose proof {@link #proof} and {@link #message} describe, or null. */
    private String orderId;
    /** Counts the loads: the answer of a load that another one followed is dropped. */
    private long generation;

    public ProofViewModel(TellerClient client, UiExecutors executors) {
        this.client = client;
        this.executors = executors;
    }

    /** The shown order's proof image, once received. */
    public ReadOnlyObjectProperty<ProofImage> proofProperty() {
        return proof.getReadOnlyProperty();
    }

    /** Why no image shows ("No payment proof", "only its hash remains", an error), or empty. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Another order is on the card: nothing shows until its full order says whether it has a proof. */
    void clear() {
        proof.set(null);
        message.set("");
        orderId = null;
        ++generation;
    }

    /** The full order is known (list rows do not carry the proof): loads its image, once per order. */
    void showOf(OrderView order) {
        if (!order.id().equals(orderId)) {
            load(order);
        }
    }

    private void load(OrderView order) {
        long current = ++generation;
        orderId = order.id();
        if (order.proof() == null || order.proof().sha256() == null) {
            proof.set(null);
            message.set("No payment proof came with this order.");
            return;
        }
        String id = order.id();
        executors.run(() -> client.proof(id), image -> {
            if (current != generation) {
                return;
            }
            proof.set(image);
            message.set("");
        }, failure -> {
            if (current != generation) {
                return;
            }
            proof.set(null);
            if (failure instanceof ApiException api && "PROOF_EXPIRED".equals(api.code())) {
                message.set("The image is no longer kept (only its hash remains).");
            } else if (failure instanceof ApiException api && "NO_PROOF".equals(api.code())) {
                message.set("No payment proof came with this order.");
            } else {
                message.set("Could not load the proof image. " + ErrorText.of(failure));
            }
        });
    }
}
