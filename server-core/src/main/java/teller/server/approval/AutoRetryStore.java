package teller.server.approval;

import java.util.List;

/** What the automatic retry reads: the failed orders it may execute again. */
public interface AutoRetryStore {
    /**
     * APPROVED_FAILED orders of {@code type} with fewer than {@code attemptsMax} attempts whose last
     * error code is one of {@code errorCodes}, the longest-failed first.
     */
    List<Long> retryable(String type, int attemptsMax, List<String> errorCodes, int limit);
}
