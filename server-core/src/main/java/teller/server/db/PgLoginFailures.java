package teller.server.db;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import teller.server.auth.LoginFailures;

public final class PgLoginFailures implements LoginFailures {
    private final JdbiTransactor tx;

    public PgLoginFailures(JdbiTransactor tx) {
        this.tx = tx;
    }

    @Override
    public int countSince(String address, Instant since) {
        return tx.handle().createQuery("SELECT count(*) FROM login_failures WHERE address = :address AND failed_at >= :since")
                .bind("address", address).bind("since", Rows.utc(since)).mapTo(Integer.class).one();
    }

    @Override
    public Optional<Instant> oldestSince(String address, Instant since) {
        return tx.handle().createQuery("""
                        SELECT min(failed_at) FROM login_failures WHERE address = :address AND failed_at >= :since""")
                .bind("address", address).bind("since", Rows.utc(since)).mapTo(OffsetDateTime.class).findOne()
                .map(OffsetDateTime::toInstant);
    }

    @Override
    public void record(String address, Instant at, Instant forgetBefore) {
        tx.handle().createUpdate("DELETE FROM login_failures WHERE failed_at < :before").bind("before", Rows.utc(forgetBefore))
                .execute();
        tx.handle().createUpdate("INSERT INTO login_failures (address, failed_at) VALUES (:address, :at)")
                .bind("address", address).bind("at", Rows.utc(at)).execute();
    }
}
