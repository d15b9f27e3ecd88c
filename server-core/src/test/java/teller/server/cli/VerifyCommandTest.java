package teller.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import teller.server.config.ServerConfig;
import teller.server.provider.ProviderKind;
import teller.server.support.CountingProvider;
import teller.server.support.DomainGraph;

/** The {@code verify} command: exit 0 on a clean database, 1 with a readable line per discrepancy. */
class VerifyCommandTest {
    private DomainGraph graph;

    @BeforeEach
    void someActivity() {
        graph = new DomainGraph(Map.of(ProviderKind.GAME_LOAD, new CountingProvider(ProviderKind.GAME_LOAD),
                ProviderKind.PAYOUT, new CountingProvider(ProviderKind.PAYOUT)));
        graph.player("dave", "USD");
        graph.fund("dave", 2_000);
        long load = graph.submit("GAME_LOAD", "dave", 700, "Pusoy", null).id();
        graph.approvals.approve(load, DomainGraph.operator("op-1"), null);
    }

    @AfterEach
    void close() {
        graph.close();
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run verify() throws Exception {
        ServerConfig config = ServerConfig.fromEnvironment(Map.of()).toBuilder()
                .dataDirectory(Files.createTempDirectory("teller-verify"))
                .database(graph.jdbcUrl, null, null)
                .databasePoolSizeMax(2)
                .build();
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = VerifyCommand.verify(config, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void cleanDatabaseExitsZero() throws Exception {
        Run run = verify();
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("ledger: balanced").contains("audit:  intact");
    }

    @Test
    void plantedBalanceDriftIsReportedWithTheAccountAndExitsOne() throws Exception {
        graph.jdbi().useHandle(h -> h.execute("""
                UPDATE account_balances SET posted = posted - 25
                 WHERE account_id = (SELECT id FROM accounts WHERE code = 'player:dave:wallet')"""));

        Run run = verify();
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("ledger: DISCREPANCIES FOUND")
                .contains("BALANCE_MISMATCH account player:dave:wallet bucket 0: expected posted=-1300")
                .contains("found posted=-1325")
                .contains("audit:  intact");
    }

    @Test
    void tamperedAuditRowIsReportedAndExitsOne() throws Exception {
        graph.auditLog.seal(1_000);
        long row = graph.jdbi().withHandle(h -> h.createQuery("SELECT min(id) FROM audit_log").mapTo(Long.class).one());
        graph.jdbi().useTransaction(h -> {
            h.execute("SET LOCAL session_replication_role = replica");
            h.execute("UPDATE audit_log SET actor_id = 'nobody' WHERE id = ?", row);
        });

        Run run = verify();
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("ledger: balanced").contains("audit:  BROKEN at row " + row);
    }
}
