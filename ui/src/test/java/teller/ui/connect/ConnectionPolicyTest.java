package teller.ui.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;
import teller.ui.api.TellerClient;
import teller.ui.common.UiExecutors;

/** Plain HTTP only to this computer unless the operator explicitly allows it; refused before any request. */
class ConnectionPolicyTest {
    private final AtomicInteger requests = new AtomicInteger();
    /**
     * Counts every request that would leave the console (none may when the policy refuses) and answers
     * it itself with a 401, so no test touches the network.
     */
    private final OkHttpClient http = TellerClient.defaultHttpClient().newBuilder().addInterceptor(chain -> {
        requests.incrementAndGet();
        return new Response.Builder().request(chain.request()).protocol(Protocol.HTTP_1_1).code(401).message("")
                .body(ResponseBody.create("{\"error\":{\"code\":\"UNAUTHENTICATED\",\"message\":\"wrong password\"}}",
                        MediaType.get("application/json"))).build();
    }).build();
    private final List<Session> connected = new ArrayList<>();

    @Test
    void httpsIsAllowedToAnyHost() {
        assertThat(ConnectionPolicy.refusal(url("https://teller.example.com"), false)).isNull();
        assertThat(ConnectionPolicy.refusal(url("https://10.0.0.5:8443/teller/"), false)).isNull();
    }

    @Test
    void plainHttpIsAllowedToLoopbackOnly() {
        for (String loopback : List.of("http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080",
                "http://LOCALHOST", "http://127.1.2.3:9")) {
            assertThat(ConnectionPolicy.refusal(url(loopback), false)).as(loopback).isNull();
        }
        for (String remote : List.of("http://teller.example.com", "http://10.0.0.5:8080", "http://192.168.1.2",
                "http://[fe80::1]:8080", "http://localhost.evil.example", "http://127.0.0.1.nip.io")) {
            assertThat(ConnectionPolicy.refusal(url(remote), false)).as(remote).contains("unencrypted");
        }
    }

    @Test
    void plainHttpToAnotherComputerIsAllowedOnlyWhenTheOperatorTicksTheBox() {
        assertThat(ConnectionPolicy.refusal(url("http://teller.example.com"), true)).isNull();
    }

    @Test
    void theConnectScreenRefusesPlainHttpToAnotherComputerBeforeAnyRequest() {
        ConnectViewModel connect = new ConnectViewModel(UiExecutors.inline(), http, null, connected::add);
        connect.serverUrlProperty().set("http://192.0.2.10:8080");
        connect.usernameProperty().set("admin");
        connect.passwordProperty().set("secret");
        assertThat(connect.unencryptedRemoteProperty().get()).as("the warning and the box are shown").isTrue();
        assertThat(connect.allowUnencryptedProperty().get()).as("off by default").isFalse();

        connect.connect();

        assertThat(connect.errorProperty().get()).contains("unencrypted").contains("Allow unencrypted connection");
        assertThat(requests).hasValue(0);
        assertThat(connected).isEmpty();
        assertThat(connect.passwordProperty().get()).as("kept for a second try with https").isEqualTo("secret");
    }

    @Test
    void withTheBoxTickedTheConnectScreenSendsTheSignInToThePlainAddress() {
        ConnectViewModel connect = new ConnectViewModel(UiExecutors.inline(), http, null, connected::add);
        connect.serverUrlProperty().set("http://192.0.2.10:8080");
        connect.allowUnencryptedProperty().set(true);
        connect.usernameProperty().set("admin");
        connect.passwordProperty().set("secret");

        connect.connect();

        assertThat(requests).hasValue(1);
        assertThat(connect.errorProperty().get()).as("the server answered: the sign-in was sent")
                .contains("Wrong username or password").doesNotContain("unencrypted");
    }

    @Test
    void loopbackOverPlainHttpShowsNoWarning() {
        ConnectViewModel connect = new ConnectViewModel(UiExecutors.inline(), http, null, connected::add);
        connect.serverUrlProperty().set("http://127.0.0.1:8080");
        assertThat(connect.unencryptedRemoteProperty().get()).isFalse();
        connect.serverUrlProperty().set("https://teller.example.com");
        assertThat(connect.unencryptedRemoteProperty().get()).isFalse();
    }

    private static HttpUrl url(String text) {
        return TellerClient.parseBaseUrl(text);
    }
}
