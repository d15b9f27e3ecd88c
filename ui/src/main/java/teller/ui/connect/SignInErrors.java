package teller.ui.connect;

import teller.ui.api.ApiException;
import teller.ui.api.ServerUnreachableException;
import teller.ui.common.ErrorText;

/**
 * What a failed sign-in means for the operator, in words they can act on. Shared by the connect
 * screen and the lock screen.
 */
public final class SignInErrors {
    /**
     * The server answers a wrong password and a locked account alike (it does not tell a stranger
     * which accounts exist or are locked), so the message names both.
     */
    public static final String INVALID_CREDENTIALS = "Wrong username or password — or the account is locked after"
            + " too many failed sign-ins. A locked account opens again after a while (30 minutes by default)"
            + " or at once when an administrator sets a new password.";

    private SignInErrors() {
    }

    public static String describe(Throwable failure) {
        if (failure instanceof ServerUnreachableException unreachable && unreachable.certificateRejected()) {
            return unreachable.describe();
        }
        if (failure instanceof ServerUnreachableException) {
            return "The server does not answer. Check the address and your network, and that the server is"
                    + " running; then try again. (" + failure.getMessage() + ")";
        }
        if (failure instanceof ApiException api) {
            if (api.status() == 401) {
                return INVALID_CREDENTIALS;
            }
            if (api.status() == 429) {
                long seconds = api.retryAfterSeconds();
                return "Too many requests from this computer: the server is refusing sign-ins for "
                        + (seconds > 0 ? "about " + seconds + " s" : "a moment") + ". Wait, then try again.";
            }
            if (api.status() == 400 || api.status() == 422) {
                return api.getMessage();
            }
            if (api.status() >= 500) {
                return "The server failed to sign you in; try again in a moment. (" + api.describe() + ")";
            }
        }
        return ErrorText.of(failure);
    }
}
