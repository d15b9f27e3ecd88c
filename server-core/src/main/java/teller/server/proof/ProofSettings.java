package teller.server.proof;

import java.time.Duration;

/**
 * @param sizeMaxBytes  largest decoded proof accepted (PROOF_SIZE_MAX_BYTES, default 10 MB)
 * @param pixelsMax     largest width x height accepted (PROOF_PIXELS_MAX)
 * @param retention     how long a proof that was not forwarded stays in the spool (PROOF_RETENTION_HOURS)
 * @param orphanGrace   age after which a spool file that no forward refers to is removed (an intake
 *                      that wrote it and then failed); far longer than any intake transaction
 * @param sweepInterval how often the spool is swept
 */
public record ProofSettings(long sizeMaxBytes, long pixelsMax, Duration retention, Duration orphanGrace,
                            Duration sweepInterval) {
    public static final long SIZE_MAX_BYTES_DEFAULT = 10L * 1024 * 1024;
    public static final long PIXELS_MAX_DEFAULT = 50_000_000L;

    public static ProofSettings defaults() {
        return new ProofSettings(SIZE_MAX_BYTES_DEFAULT, PIXELS_MAX_DEFAULT, Duration.ofHours(72), Duration.ofHours(1),
                Duration.ofMinutes(1));
    }
}
