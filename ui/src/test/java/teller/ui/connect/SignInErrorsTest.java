package teller.ui.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import teller.ui.api.ApiException;
import teller.ui.api.TellerClient;

/** What the operator reads after a refused sign-in; the real server's answers are in the app module's tests. */
class SignInErrorsTest {
    @Test
    void aRateLimitedSignInSaysHowLongToWaitFromTheServersRetryAfter() throws IOException {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setResponseCode(429).setHeader("Content-Type", "application/json")
                    .setHeader("Retry-After", "7")
                    .setBody("{\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"too many requests\",\"details\":{}}}"));
            server.start();

            Throwable failure = catchThrowable(() -> TellerClient.login(TellerClient.defaultHttpClient(),
                    server.url("/").toString(), "maria", "a-password-123"));

            assertThat(failure).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.retryAfterSeconds()).isEqualTo(7));
            assertThat(SignInErrors.describe(failure)).contains("Too many requests").contains("about 7 s");
        }
    }

    @Test
    void aRateLimitWithoutRetryAfterStillSaysToWait() {
        String text = SignInErrors.describe(new ApiException(429, "RATE_LIMITED", "slow down", Map.of()));
        assertThat(text).contains("a moment").doesNotContain("-1");
    }

    @Test
    void wrongCredentialsNameBothAWrongPasswordAndALockedAccount() {
        String text = SignInErrors.describe(new ApiException(401, "INVALID_CREDENTIALS", "wrong", Map.of()));
        assertThat(text).contains("Wrong username or password").contains("locked");
    }

    @Test
    void anUnreachableServerIsNamedAsSuch() {
        Throwable failure = catchThrowable(() -> TellerClient.login(TellerClient.defaultHttpClient(),
                "http://127.0.0.1:9", "maria", "a-password-123"));
        assertThat(SignInErrors.describe(failure)).startsWith("The server does not answer");
    }
}
