package teller.server.auth;

import java.time.Instant;
import java.util.Optional;

/** Failed sign-ins per client address (the password-spraying limit, decision 0073). */
public interface LoginFailures {
    /** Failures from {@code address} at or after {@code since}. */
    int countSince(String address, Instant since);

    /** The oldest failure from {@code address} at or after {@code since}: when it ages out, one more try is allowed. */
    Optional<Instant> oldestSince(String address, Instant since);

    /** Records a failure and forgets every failure, of any address, before {@code forgetBefore}. */
    void record(String address, Instant at, Instant forgetBefore);
}
