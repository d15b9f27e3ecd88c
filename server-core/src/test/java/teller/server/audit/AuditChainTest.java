package teller.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import teller.server.provider.ProviderKind;
import teller.server.support.CountingProvider;
import teller.server.support.DomainGraph;
import teller.server.support.Refusals;

/**
 * The audit trail is append-only (the database refuses UPDATE, DELETE and TRUNCATE) and hash-chained,
 * so that what a superuser can still do behind the triggers' back is found by {@code verify}.
 */
class AuditChainTest {
    private DomainGraph graph;

    @BeforeEach
    void someHistory() {
        graph = new DomainGraph(Map.of(ProviderKind.GAME_LOAD, new CountingProvider(ProviderKind.GAME_LOAD),
                ProviderKind.PAYOUT, new CountingProvider(ProviderKind.PAYOUT)));
        graph.player("carol", "USD");
        graph.fund("carol", 1_000);
        long id = graph.submit("GAME_LOAD", "carol", 400, "Pusoy", null).id();
        graph.approvals.approve(id, DomainGraph.operator("op-1"), "ok");
        graph.approvals.reject(graph.submit("DEPOSIT", "carol", 50, null, null).id(), DomainGraph.operator("op-2"), "no proof");
        graph.auditLog.seal(1_000);
    }

    @AfterEach
    void close() {
        graph.close();
    }

    private List<Long> ids() {
        return graph.jdbi().withHandle(h -> h.createQuery("SELECT id FROM audit_log ORDER BY id").mapTo(Long.class).list());
    }

    private String refusal(java.util.function.Consumer<Handle> work) {
        return Refusals.of(graph.jdbi(), work);
    }

    /** Changes rows the way only a superuser can: with ordinary triggers switched off for the transaction. */
    private void asSuperuserBehindTheTriggers(String sql, Object... args) {
        graph.jdbi().useTransaction(h -> {
            h.execute("SET LOCAL session_replication_role = replica");
            h.execute(sql, args);
        });
    }

    @Test
    void untouchedTrailVerifiesIntact() {
        List<Long> ids = ids();
        assertThat(ids).hasSizeGreaterThanOrEqualTo(6);
        AuditVerification result = graph.auditLog.verify();
        assertThat(result.intact()).as(result.problem()).isTrue();
        assertThat(result.rowsChecked()).isEqualTo(ids.size());
        assertThat(result.firstBrokenId()).isNull();
        assertThat(result.unsealed()).isZero();
    }

    @Test
    void updateDeleteAndTruncateAreRefused() {
        long row = ids().get(2);
        assertThat(refusal(h -> h.execute("UPDATE audit_log SET outcome = 'DENIED' WHERE id = ?", row)))
                .contains("AUDIT_APPEND_ONLY");
        assertThat(refusal(h -> h.execute("UPDATE audit_log SET details = '{}' WHERE id = ?", row)))
                .contains("AUDIT_APPEND_ONLY");
        assertThat(refusal(h -> h.execute("UPDATE audit_log SET chain_hash = repeat('0', 64) WHERE id = ?", row)))
                .as("a sealed row cannot be sealed again").contains("AUDIT_APPEND_ONLY");
        assertThat(refusal(h -> h.execute("DELETE FROM audit_log WHERE id = ?", row))).contains("AUDIT_APPEND_ONLY");
        assertThat(refusal(h -> h.execute("TRUNCATE audit_log"))).contains("AUDIT_APPEND_ONLY");
        assertThat(graph.auditLog.verify().intact()).isTrue();
    }

    @Test
    void aForgedRowHashIsReplacedOnInsert() {
        long id = graph.jdbi().withHandle(h -> h.createQuery("""
                        INSERT INTO audit_log (actor_type, action, outcome, row_hash, chain_seq, chain_hash)
                        VALUES ('SYSTEM', 'FORGED', 'SUCCESS', 'forged', 999, 'forged') RETURNING id""")
                .mapTo(Long.class).one());
        assertThat(graph.count("SELECT count(*) FROM audit_log a WHERE id = ? AND row_hash = audit_row_hash(a)"
                + " AND chain_seq IS NULL", id)).isEqualTo(1);
        assertThat(graph.auditLog.verify().intact()).isTrue();
    }

    @Test
    void changedContentOfOneSealedRowIsFound() {
        long row = ids().get(3);
        asSuperuserBehindTheTriggers("UPDATE audit_log SET details = details || '{\"amount\": 1}' WHERE id = ?", row);

        AuditVerification result = graph.auditLog.verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBrokenId()).isEqualTo(row);
        assertThat(result.problem()).contains("content no longer matches its hash");
    }

    @Test
    void changedContentWithARecomputedRowHashBreaksTheChain() {
        long row = ids().get(3);
        asSuperuserBehindTheTriggers("""
                UPDATE audit_log a SET actor_id = 'someone-else' WHERE id = ?;
                UPDATE audit_log a SET row_hash = audit_row_hash(a) WHERE id = ?""", row, row);

        AuditVerification result = graph.auditLog.verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBrokenId()).isEqualTo(row);
        assertThat(result.problem()).contains("chain link");
    }

    @Test
    void aRemovedRowIsFound() {
        List<Long> ids = ids();
        asSuperuserBehindTheTriggers("DELETE FROM audit_log WHERE id = ?", ids.get(2));

        AuditVerification result = graph.auditLog.verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBrokenId()).isEqualTo(ids.get(3));
        assertThat(result.problem()).contains("rows were removed");
    }

    @Test
    void aRowChangedBeforeItWasSealedIsFound() {
        graph.approvals.reject(graph.submit("DEPOSIT", "carol", 60, null, null).id(), DomainGraph.operator("op-2"), "blurry");
        long unsealed = graph.jdbi().withHandle(h -> h.createQuery(
                "SELECT max(id) FROM audit_log WHERE chain_seq IS NULL").mapTo(Long.class).one());
        asSuperuserBehindTheTriggers("UPDATE audit_log SET outcome = 'DENIED' WHERE id = ?", unsealed);

        AuditVerification result = graph.auditLog.verify();
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBrokenId()).isEqualTo(unsealed);
    }
}
