package teller.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AgeFormatTest {
    @Test
    void ageReadsAsAnOperatorScansIt() {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        assertThat(AgeFormat.since(now.minusSeconds(45), now)).isEqualTo("45s");
        assertThat(AgeFormat.since(now.minusSeconds(12 * 60 + 5), now)).isEqualTo("12m");
        assertThat(AgeFormat.since(now.minusSeconds(3 * 3600 + 5 * 60), now)).isEqualTo("3h 05m");
        assertThat(AgeFormat.since(now.minusSeconds(2 * 86_400 + 4 * 3600), now)).isEqualTo("2d 4h");
        assertThat(AgeFormat.since(now.plusSeconds(3), now)).as("a server clock slightly ahead").isEqualTo("0s");
    }
}
