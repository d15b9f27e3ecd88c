package teller.server.audit;

/**
 * Result of re-hashing the audit chain. {@code firstBrokenId} is the first row whose content or
 * chain link does not match; {@code unsealed} rows are not chained yet (sealing runs every second).
 */
public record AuditVerification(boolean intact, long rowsChecked, Long firstBrokenId, String problem, long unsealed) {
}
