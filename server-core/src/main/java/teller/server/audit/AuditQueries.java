package teller.server.audit;

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
        return tx.read(() -> audit.list(cursor, limit));
    }

    public AuditVerification verify() {
        return audit.verify();
    }
}
