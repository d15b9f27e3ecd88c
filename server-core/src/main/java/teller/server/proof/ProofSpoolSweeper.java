package teller.server.proof;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.common.Transactor;
import teller.server.events.EventTypes;
import teller.server.events.Outbox;

/**
 * Keeps the spool to what still has to be forwarded or looked at: forwards whose retention ran out
 * become EXPIRED and lose their image; images of forwards that expired, or were sent and whose order
 * is decided (or whose retention ran out), are removed; images no
 * forward refers to (an intake that failed after spooling) are removed once older than the grace.
 * Safe on several replicas at once (rows are claimed with SKIP LOCKED, deleting twice is harmless).
 */
public final class ProofSpoolSweeper {
    private static final Logger log = LoggerFactory.getLogger(ProofSpoolSweeper.class);
    public static final int EXPIRE_BATCH_MAX = 500;
    public static final int FILES_PER_QUERY_MAX = 500;

    private final Transactor tx;
    private final ProofSpool spool;
    private final ProofForwardStore forwards;
    private final Outbox outbox;
    private final Clock clock;
    private final ProofSettings settings;

    public ProofSpoolSweeper(Transactor tx, ProofSpool spool, ProofForwardStore forwards, Outbox outbox, Clock clock,
                             ProofSettings settings) {
        this.tx = tx;
        this.spool = spool;
        this.forwards = forwards;
        this.outbox = outbox;
        this.clock = clock;
        this.settings = settings;
    }

    /** One sweep; returns how many forwards expired plus how many files were removed. */
    public int sweep() {
        Instant now = clock.instant();
        List<ProofForwardStore.Expired> expired = tx.inTransaction(() -> {
            List<ProofForwardStore.Expired> rows = forwards.expireDue(now, EXPIRE_BATCH_MAX);
            for (ProofForwardStore.Expired row : rows) {
                outbox.emit(EventTypes.PROOF_FORWARD_UPDATED, "ORDER", String.valueOf(row.orderId()),
                        Map.of("orderId", String.valueOf(row.orderId()), "status", "EXPIRED"));
            }
            return rows;
        });
        int removed = 0;
        List<ProofSpool.SpooledFile> files = spool.list();
        for (int from = 0; from < files.size(); from += FILES_PER_QUERY_MAX) {
            List<ProofSpool.SpooledFile> slice = files.subList(from, Math.min(files.size(), from + FILES_PER_QUERY_MAX));
            List<String> names = slice.stream().map(ProofSpool.SpooledFile::name).toList();
            Set<String> needed = tx.read(() -> forwards.stillNeeded(names, now));
            Set<String> known = tx.read(() -> forwards.known(names));
            List<String> deleted = new ArrayList<>();
            for (ProofSpool.SpooledFile file : slice) {
                if (needed.contains(file.name())) {
                    continue;
                }
                boolean orphan = !known.contains(file.name());
                if (orphan && file.writtenAt().plus(settings.orphanGrace()).isAfter(now)) {
                    continue; // maybe an intake still in its transaction
                }
                if (spool.delete(file.name())) {
                    deleted.add(file.name());
                }
            }
            if (!deleted.isEmpty()) {
                tx.run(() -> forwards.forgetSpoolNames(deleted));
                removed += deleted.size();
            }
        }
        if (!expired.isEmpty() || removed > 0) {
            log.info("proof spool: {} forward(s) expired, {} file(s) removed", expired.size(), removed);
        }
        return expired.size() + removed;
    }
}
