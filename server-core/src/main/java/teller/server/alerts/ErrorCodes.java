package teller.server.alerts;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.common.DatabaseUnavailableException;
import teller.server.common.Transactor;

/**
 * Remembers every error code the server answers, with when it was first answered, for the
 * NEW_ERROR_CODE alert (issue 17). Each replica writes a code at most once per process (an insert
 * that keeps the first row), so a refusal costs a database write only the first time its code is
 * seen; a failed write is retried the next time the code is answered and never fails the request.
 */
public final class ErrorCodes {
    private static final Logger log = LoggerFactory.getLogger(ErrorCodes.class);
    /** Error codes are the server's own constants; more than this many is a bug, not a new kind of failure. */
    public static final int CODES_MAX = 1_000;

    private final Transactor tx;
    private final DashboardStore store;
    private final Clock clock;
    private final Set<String> recorded = ConcurrentHashMap.newKeySet();

    public ErrorCodes(Transactor tx, DashboardStore store, Clock clock) {
        this.tx = tx;
        this.store = store;
        this.clock = clock;
    }

    public void seen(String code) {
        if (code == null || code.isBlank() || recorded.size() >= CODES_MAX || !recorded.add(code)) {
            return;
        }
        try {
            tx.run(() -> store.errorCodeSeen(code, clock.instant()));
        } catch (DatabaseUnavailableException e) {
            // The outage itself is logged once (DatabaseOutage); the code is recorded the next time it is answered.
            recorded.remove(code);
            log.debug("could not record error code {} while the database is unavailable", code);
        } catch (RuntimeException e) {
            recorded.remove(code);
            log.warn("could not record error code {} for the NEW_ERROR_CODE alert: {}", code, e.toString());
        }
    }
}
