package teller.server.audit;

import teller.server.common.InvalidInputException;
import teller.server.common.Page;
import teller.server.common.Transactor;

public final class AuditQueries {
    private final Transactor tx;
    private final AuditLog audit;

    public AuditQueries(Transactor tx, AuditLog audit) {
        this.tx = tx;
        this.audit = audit;
    }

    public Page<AuditEntry> list(String cursor, int limit) {
        return list(AuditFilter.ALL, cursor, limit);
    }

    public Page<AuditEntry> list(AuditFilter filter, String cursor, int limit) {
        if (filter.from() != null && filter.to() != null && !filter.from().isBefore(filter.to())) {
            throw new InvalidInputException("to", "to must be after from");
        }
        return tx.read(() -> audit.list(filter, cursor, limit));
    }

    public AuditVerification verify() {
        return audit.verify();
    }
}
