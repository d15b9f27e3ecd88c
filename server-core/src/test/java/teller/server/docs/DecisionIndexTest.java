package teller.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * `docs/decisions/README.md` lists every decision file that exists, with its status (issue 17): a decision
 * added by any branch without its index row fails here, and so does a row whose file is gone.
 */
class DecisionIndexTest {
    private static final Path DECISIONS = Path.of("..", "docs", "decisions");
    private static final Pattern ROW = Pattern.compile(
            "(?m)^\\| \\[(\\d{4})\\]\\((\\d{4}-[^)]+\\.md)\\) \\| (.+?) \\| (accepted|replaced|superseded)[^|]*\\|$");

    @Test
    void every_decision_file_has_one_index_row_with_a_status_and_every_row_names_a_file() throws IOException {
        List<String> files;
        try (Stream<Path> list = Files.list(DECISIONS)) {
            files = list.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("\\d{4}-.+\\.md")).sorted().toList();
        }
        String index = Files.readString(DECISIONS.resolve("README.md"));
        Matcher rows = ROW.matcher(index);
        List<String> listed = new java.util.ArrayList<>();
        while (rows.find()) {
            assertThat(rows.group(2)).as("row %s links its own number", rows.group(1)).startsWith(rows.group(1) + "-");
            listed.add(rows.group(2));
        }
        assertThat(files).as("decision files").isNotEmpty();
        assertThat(listed).as("index rows of docs/decisions/README.md").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(files);
    }
}
