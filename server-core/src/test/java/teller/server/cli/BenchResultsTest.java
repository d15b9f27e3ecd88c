package teller.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run without batches (intake) has no mean batch: printed n/a, written as null, never NaN. */
class BenchResultsTest {

    @Test
    void aRunWithoutBatchesHasNoMeanBatch(@TempDir Path dir) throws Exception {
        var intake = new BenchResults.Result("intake", "http", 4, 0, 1.0, 2.0, 3.0, Double.NaN);
        var spread = new BenchResults.Result("spread", "http", 4, 0, 1.0, 2.0, 3.0, 4.25);

        assertThat(BenchResults.meanBatch(intake)).isEqualTo("n/a");
        assertThat(BenchResults.meanBatch(spread)).isEqualTo("4.3");

        Path json = dir.resolve("bench.json");
        BenchResults.writeJson(json, List.of(spread, intake), 2, 4, 1, List.of(), null, true);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.at("/scenarios/intake/http/meanBatch").isNull()).as(root.toString()).isTrue();
        assertThat(root.at("/scenarios/spread/http/meanBatch").asDouble()).isEqualTo(4.25);
    }

    @Test
    void scenariosRunInTheOrderAsked() {
        assertThat(BenchCommand.scenarios("both")).containsExactly(BenchCommand.Scenario.SPREAD, BenchCommand.Scenario.HOT);
        assertThat(BenchCommand.scenarios("hot,spread"))
                .containsExactly(BenchCommand.Scenario.HOT, BenchCommand.Scenario.SPREAD);
        assertThat(BenchCommand.scenarios("spread")).containsExactly(BenchCommand.Scenario.SPREAD);
        assertThat(BenchCommand.scenarios("hot,hot")).isNull();
        assertThat(BenchCommand.scenarios("warm")).isNull();
    }
}
