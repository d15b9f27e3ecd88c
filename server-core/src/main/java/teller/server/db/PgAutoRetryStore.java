package teller.server.db;

import java.util.List;
import teller.server.approval.AutoRetryStore;

public final class PgAutoRetryStore implements AutoRetryStore {
    private final JdbiTransactor tx;

    public PgAutoRetryStore(JdbiTransactor tx) {
        this.tx = tx;
    }

    @Override
    public List<Long> retryable(String type, int attemptsMax, List<String> errorCodes, int limit) {
        // orders_status_id_ix narrows to the APPROVED_FAILED rows, which are few.
        return tx.handle().createQuery("""
                        SELECT id FROM orders
                         WHERE status = 'APPROVED_FAILED' AND type = :type AND execution_attempts < :attemptsMax
                           AND execution_result ->> 'errorCode' = ANY(:codes)
                         ORDER BY updated_at, id LIMIT :limit""")
                .bind("type", type).bind("attemptsMax", attemptsMax)
                .bind("codes", errorCodes.toArray(new String[0])).bind("limit", limit)
                .mapTo(Long.class).list();
    }
}
