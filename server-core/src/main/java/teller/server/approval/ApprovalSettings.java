package teller.server.approval;

import java.time.Duration;

/**
 * @param executionLease  how long an EXECUTING order belongs to the process that started it; it must
 *                        exceed the longest provider execution (attempts x call timeout + backoff)
 * @param approveWait     how long an approve request waits for the provider before answering 202
 * @param approvalWaitMax how long an approve request waits for its deposit batch before answering
 *                        503 BUSY (decision 0101)
 */
public record ApprovalSettings(Duration executionLease, Duration approveWait, int reasonLengthMax,
                               Duration approvalWaitMax) {
    public static ApprovalSettings defaults() {
        return new ApprovalSettings(Duration.ofMinutes(2), Duration.ofSeconds(5), 500, Duration.ofSeconds(10));
    }
}
