package teller.server.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * Failed sign-ins per client address (the password-spraying limit, decision 0073). A failure counts
 * while it is younger than the window: strictly after {@code since = now - window}, so it ages out
 * at exactly its time plus the window, the moment Retry-After names. A store keeps instants at its
 * own precision and must compare in it: what {@link #oldestSince} answers is what it counts.
 */
public interface LoginFailures {
    /** Failures from {@code address} strictly after {@code since}. */
    int countSince(String address, Instant since);

    /** The oldest failure from {@code address} strictly after {@code since}: when it ages out, one more try is allowed. */
    Optional<Instant> oldestSince(String address, Instant since);

    /** Records a failure and forgets every failure, of any address, at or before {@code forgetBefore}. */
    void record(String address, Instant at, Instant forgetBefore);
}
