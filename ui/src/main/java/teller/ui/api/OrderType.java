package teller.ui.api;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Order types of the API; {@link #UNKNOWN} stands for a type a newer server may add. */
public enum OrderType {
    DEPOSIT("Deposit"),
    GAME_LOAD("Game load"),
    WITHDRAWAL("Withdrawal"),
    @JsonEnumDefaultValue
    UNKNOWN("Other");

    private final String label;

    OrderType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
