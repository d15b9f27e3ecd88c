package teller.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.common.Actor;
import teller.server.support.ExecutionFixture;

/**
 * The operations report adds up (issue 16: "Decisions 9" beside a per-operator chart of 4): a
 * decision taken by the server itself (seeded, automatic) has its own row, so the rows' decisions
 * sum to the summary's.
 */
class OperationsAttributionTest {
    private static ExecutionFixture fixture;

    @BeforeAll
    static void start() {
        fixture = ExecutionFixture.start(b -> b.sandboxProviders(true));
        String player = fixture.fundedPlayer(1_000);
        assertThat(fixture.approve(fixture.order("DEPOSIT", player, 300)).status()).isEqualTo(200);
        long seeded = fixture.order("DEPOSIT", player, 200);
        fixture.server.services().approvals().reject(seeded, Actor.system("seed"), "seeded rejection");
        ExecutionFixture.await(Duration.ofSeconds(30), "the report rollups to catch up",
                () -> fixture.server.services().reports().rollupCaughtUp());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void everyDecisionIsAttributedSoTheRowsAddUpToTheSummary() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        var reply = fixture.admin.get("/api/v1/reports/operations?from=" + today.minusDays(1) + "&to=" + today.plusDays(1));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        JsonNode r = reply.body();
        long rows = 0;
        JsonNode system = null;
        for (JsonNode row : r.get("rows")) {
            rows += row.get("decisions").asLong();
            if (row.get("operator").asText().equals("System (automatic or seeded)")) {
                system = row;
            }
        }
        assertThat(rows).as(r.toString()).isEqualTo(r.at("/summary/decisions").asLong());
        assertThat(system).as("the seeded rejection's row in %s", r).isNotNull();
        assertThat(system.get("rejections").asLong()).isEqualTo(1);
    }
}
