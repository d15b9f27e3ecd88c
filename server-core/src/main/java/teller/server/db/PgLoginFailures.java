package teller.server.db;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import teller.server.auth.LoginFailures;

/**
 * Failed sign-ins in {@code login_failures}. PostgreSQL keeps microseconds and the driver rounds a
 * finer instant to the nearest one, so an instant is truncated to microseconds here, before it is
 * stored or compared: a failure is then stored at or before its clock time, and "strictly after
 * {@code since}" means the same in SQL as in Java. (Rounding stored a failure up to half a
 * microsecond before its clock time; Retry-After, counted from it, then ran out exactly on the
 * window's edge, which {@code >=} still counted: the next sign-in was refused "try again in 1 s", issue 15.)
 */
public final class PgLoginFailures implements LoginFailures {
    private final JdbiTransactor tx;

    public PgLoginFailures(JdbiTransactor tx) {
        this.tx = tx;
    }

    @Override
    public int countSince(String address, Instant since) {
        return tx.handle().createQuery("SELECT count(*) FROM login_failures WHERE address = :address AND failed_at > :since")
                .bind("address", address).bind("since", micros(since)).mapTo(Integer.class).one();
    }

    @Override
    public Optional<Instant> oldestSince(String address, Instant since) {
        return tx.handle().createQuery("""
                        SELECT min(failed_at) FROM login_failures WHERE address = :address AND failed_at > :since""")
                .bind("address", address).bind("since", micros(since)).mapTo(OffsetDateTime.class).findOne()
                .map(OffsetDateTime::toInstant);
    }

    @Override
    public void record(String address, Instant at, Instant forgetBefore) {
        tx.handle().createUpdate("DELETE FROM login_failures WHERE failed_at <= :before").bind("before", micros(forgetBefore))
                .execute();
        tx.handle().createUpdate("INSERT INTO login_failures (address, failed_at) VALUES (:address, :at)")
                .bind("address", address).bind("at", micros(at)).execute();
    }

    private static OffsetDateTime micros(Instant instant) {
        return Rows.utc(instant.truncatedTo(ChronoUnit.MICROS));
    }
}
