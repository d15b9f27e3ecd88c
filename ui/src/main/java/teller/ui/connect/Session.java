package teller.ui.connect;

import teller.ui.api.OperatorInfo;
import teller.ui.api.TellerClient;

/** A signed-in console: the client bound to its token, who is signed in, and where. */
public record Session(TellerClient client, OperatorInfo operator, boolean local) {
    /** E.g. "Local · admin" or "https://teller.example.com · maria". */
    public String label() {
        return (local ? "Local" : client.baseUrl()) + " · " + operator.username();
    }
}
