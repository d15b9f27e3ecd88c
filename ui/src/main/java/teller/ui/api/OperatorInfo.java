package teller.ui.api;

import java.util.List;

/** The signed-in operator as {@code /api/v1/me} and login describe it. */
public record OperatorInfo(String id, String username, List<String> roles) {
    public OperatorInfo {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }
}
