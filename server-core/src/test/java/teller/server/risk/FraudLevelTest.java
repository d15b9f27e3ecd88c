package teller.server.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FraudLevelTest {
    @Test
    void scoresMapToLevelsAtTheNamedThresholds() {
        assertThat(FraudLevel.of(0)).isEqualTo(FraudLevel.SAFE);
        assertThat(FraudLevel.of(24)).isEqualTo(FraudLevel.SAFE);
        assertThat(FraudLevel.of(25)).isEqualTo(FraudLevel.SUSPICIOUS);
        assertThat(FraudLevel.of(49)).isEqualTo(FraudLevel.SUSPICIOUS);
        assertThat(FraudLevel.of(50)).isEqualTo(FraudLevel.RISKY);
        assertThat(FraudLevel.of(79)).isEqualTo(FraudLevel.RISKY);
        assertThat(FraudLevel.of(80)).isEqualTo(FraudLevel.FRAUDULENT);
        assertThat(FraudLevel.of(100)).isEqualTo(FraudLevel.FRAUDULENT);
        assertThatThrownBy(() -> FraudLevel.of(101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FraudLevel.of(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachLevelsRangeEndsWhereTheNextBegins() {
        assertThat(FraudLevel.SAFE.scoreMax()).isEqualTo(24);
        assertThat(FraudLevel.SUSPICIOUS.scoreMax()).isEqualTo(49);
        assertThat(FraudLevel.RISKY.scoreMax()).isEqualTo(79);
        assertThat(FraudLevel.FRAUDULENT.scoreMax()).isEqualTo(100);
    }

    @Test
    void theScoreIsTheSumOfOpenPointsCappedAtOneHundred() {
        assertThat(FraudLevel.score(List.of())).isZero();
        assertThat(FraudLevel.score(List.of(FraudRule.VELOCITY.points(), FraudRule.DUPLICATE_PROOF.points())))
                .isEqualTo(75);
        assertThat(FraudLevel.score(List.of(50, 50, 50))).isEqualTo(100);
    }

    @Test
    void onlyRiskyAndFraudulentNeedASupervisor() {
        assertThat(List.of(FraudLevel.values())).filteredOn(FraudLevel::needsSupervisor)
                .containsExactly(FraudLevel.RISKY, FraudLevel.FRAUDULENT);
        assertThat(FraudLevel.of(FraudRule.DUPLICATE_PROOF.points()).needsSupervisor()).isTrue();
        assertThat(FraudLevel.of(FraudRule.VELOCITY.points()).needsSupervisor()).isFalse();
    }

    @Property(tries = 300)
    void theScoreStaysWithinZeroToOneHundredAndItsLevelContainsIt(
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 100) Integer> openPoints) {
        int score = FraudLevel.score(openPoints);
        assertThat(score).isBetween(0, FraudLevel.SCORE_MAX);
        FraudLevel level = FraudLevel.of(score);
        assertThat(score).isBetween(level.scoreMin(), level.scoreMax());
        assertThat(score).isEqualTo((int) Math.min(100, openPoints.stream().mapToLong(Integer::longValue).sum()));
    }
}
