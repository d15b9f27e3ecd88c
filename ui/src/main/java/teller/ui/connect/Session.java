package teller.ui.connect;

import teller.ui.api.OperatorInfo;
import teller.ui.api.TellerClient;

/** A signed-in console: the client bound to its token, who is signed in, and where. */
public record Session(TellerClient client, OperatorInfo operator, boolean local) {
    /** E.g. "Local · admin" or "https://teller.example.com · maria". */
    public String label() {
        return (local ? "Local" : client.baseUrl()) + " · " + operator.username();
    }

    /** Whether the signed-in operator has at least one of {@code roles} (the server decides either way). */
    public boolean hasAnyRole(String... roles) {
        for (String role : roles) {
            if (operator.roles().contains(role)) {
                return true;
            }
        }
        return false;
    }
}
