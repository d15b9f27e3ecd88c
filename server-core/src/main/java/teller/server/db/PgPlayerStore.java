package teller.server.db;

import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import teller.server.players.KycStatus;
import teller.server.players.Player;
import teller.server.players.PlayerStatus;
import teller.server.players.PlayerStore;

public final class PgPlayerStore implements PlayerStore {
    static final RowMapper<Player> PLAYER = (rs, ctx) -> new Player(rs.getString("id"), rs.getString("username"),
            rs.getString("currency"), PlayerStatus.valueOf(rs.getString("status")),
            KycStatus.valueOf(rs.getString("kyc_status")), rs.getString("exclusion_type"),
            Rows.instant(rs, "exclusion_until"), rs.getString("referrer_id"), rs.getLong("wallet_account_id"),
            Rows.instant(rs, "created_at"));

    private final JdbiTransactor tx;

    public PgPlayerStore(JdbiTransactor tx) {
        this.tx = tx;
    }

    @Override
    public Created insertIfAbsent(String id, String username, String currency, long walletAccountId) {
        int inserted = tx.handle().createUpdate("""
                        INSERT INTO players (id, username, currency, wallet_account_id)
                        VALUES (:id, :username, :currency, :wallet) ON CONFLICT DO NOTHING""")
                .bind("id", id).bind("username", username).bind("currency", currency).bind("wallet", walletAccountId)
                .execute();
        Player player = find(id).or(() -> findByUsername(username)).orElseThrow();
        return new Created(player, inserted == 1);
    }

    @Override
    public Optional<Player> find(String id) {
        return tx.handle().createQuery("SELECT * FROM players WHERE id = :id").bind("id", id).map(PLAYER).findOne();
    }

    @Override
    public Optional<Player> findByUsername(String username) {
        return tx.handle().createQuery("SELECT * FROM players WHERE username = :u").bind("u", username).map(PLAYER).findOne();
    }
}
