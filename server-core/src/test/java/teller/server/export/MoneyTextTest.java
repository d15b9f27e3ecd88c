package teller.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MoneyTextTest {
    @Test
    void minorUnitsPrintAsGroupedMajorUnitsOfTheCurrency() {
        assertThat(MoneyText.format(0, "USD")).isEqualTo("0.00");
        assertThat(MoneyText.format(5, "USD")).isEqualTo("0.05");
        assertThat(MoneyText.format(-5, "USD")).isEqualTo("-0.05");
        assertThat(MoneyText.format(13_000, "USD")).isEqualTo("130.00");
        assertThat(MoneyText.format(-123_456_789, "EUR")).isEqualTo("-1,234,567.89");
        assertThat(MoneyText.format(1_500, "JPY")).isEqualTo("1,500");
        assertThat(MoneyText.format(1_234_567, "BHD")).isEqualTo("1,234.567");
        assertThat(MoneyText.format(100, "XYZ")).as("unknown currency: two places").isEqualTo("1.00");
    }

    @Test
    void theLargestAmountsPrintExactlyWithoutOverflow() {
        assertThat(MoneyText.format(Long.MAX_VALUE, "USD")).isEqualTo("92,233,720,368,547,758.07");
        assertThat(MoneyText.format(Long.MIN_VALUE, "USD")).isEqualTo("-92,233,720,368,547,758.08");
        assertThat(MoneyText.format(Long.MIN_VALUE, "JPY")).isEqualTo("-9,223,372,036,854,775,808");
    }
}
