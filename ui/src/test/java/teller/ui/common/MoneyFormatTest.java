package teller.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MoneyFormatTest {
    @Test
    void minorUnitsAreShownExactlyWithTheCurrency() {
        assertThat(MoneyFormat.format(12_345, "USD")).isEqualTo("$123.45");
        assertThat(MoneyFormat.format(120_000_00, "USD")).isEqualTo("$120,000.00");
        assertThat(MoneyFormat.format(-5, "USD")).isEqualTo("-$0.05");
        assertThat(MoneyFormat.format(500, "JPY")).isEqualTo("¥500");
        assertThat(MoneyFormat.format(150, "PHP")).isEqualTo("₱1.50");
        assertThat(MoneyFormat.format(150, "CAD")).as("a symbol that is not one character").isEqualTo("CAD 1.50");
        // Beyond a double's 53 bits: still exact.
        assertThat(MoneyFormat.format(9_007_199_254_740_993L, "USD")).isEqualTo("$90,071,992,547,409.93");
    }
}
