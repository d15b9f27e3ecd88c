package teller.server.audit;

import teller.server.common.Page;

/** The append-only, hash-chained audit trail. {@link #append} joins the caller's transaction. */
public interface AuditLog {
    void append(AuditEvent event);

    /** Chains up to {@code limit} rows written since the last seal; returns how many. */
    int seal(int limit);

    AuditVerification verify();

    /** Newest first, keyset-paged by id. */
    Page<AuditEntry> list(AuditFilter filter, String cursor, int limit);

    default Page<AuditEntry> list(String cursor, int limit) {
        return list(AuditFilter.ALL, cursor, limit);
    }
}
