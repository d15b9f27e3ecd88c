package teller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.support.ApiClient;
import teller.server.support.TestServer;
import teller.ui.api.TellerClient;
import teller.ui.common.UiExecutors;
import teller.ui.connect.ConnectViewModel;
import teller.ui.connect.LocalServer;
import teller.ui.connect.Session;

class ConnectViewModelTest {
    /** The server's default (AuthSettings.defaults): wrong passwords in a row that lock an account. */
    private static final int LOCK_AFTER_FAILURES = 10;
    static ServerCore server;
    final List<Session> connected = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private ConnectViewModel screen(LocalServer local) {
        return new ConnectViewModel(UiExecutors.inline(), TellerClient.defaultHttpClient(), local, connected::add);
    }

    @Test
    void remoteSignInWithTheRightPasswordOpensASession() {
        ConnectViewModel connect = screen(null);
        assertThat(connect.modeProperty().get()).as("no bundled server: remote only").isEqualTo(ConnectViewModel.Mode.REMOTE);
        connect.serverUrlProperty().set(server.baseUrl() + "/");
        connect.usernameProperty().set("admin");
        connect.passwordProperty().set(TestServer.ADMIN_PASSWORD);

        connect.connect();

        assertThat(connect.errorProperty().get()).isEmpty();
        assertThat(connected).singleElement().satisfies(session -> {
            assertThat(session.local()).isFalse();
            assertThat(session.operator().username()).isEqualTo("admin");
            assertThat(session.client().me().roles()).contains("ADMIN");
        });
        assertThat(connect.passwordProperty().get()).as("the password is not kept").isEmpty();
        assertThat(connect.busyProperty().get()).isFalse();
    }

    @Test
    void wrongPasswordShowsTheServersRefusal() {
        ConnectViewModel connect = screen(null);
        connect.serverUrlProperty().set(server.baseUrl());
        connect.usernameProperty().set("admin");
        connect.passwordProperty().set("not-the-password");

        connect.connect();

        assertThat(connected).isEmpty();
        assertThat(connect.errorProperty().get()).startsWith("Wrong username or password");
        assertThat(connect.passwordProperty().get()).as("typed again for the next attempt").isEmpty();
        assertThat(connect.busyProperty().get()).isFalse();
    }

    @Test
    void aLockedAccountIsNamedEvenWithTheRightPassword() {
        ApiClient admin = ApiClient.signedIn(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
        var created = admin.post("/api/v1/operators", java.util.Map.of("username", "locked.clerk",
                "password", "the-right-password", "roles", List.of("APPROVER")));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        for (int i = 0; i < LOCK_AFTER_FAILURES; i++) {
            new ApiClient(server.baseUrl()).post("/api/v1/auth/login",
                    java.util.Map.of("username", "locked.clerk", "password", "wrong-password-" + i));
        }
        ConnectViewModel connect = screen(null);
        connect.serverUrlProperty().set(server.baseUrl());
        connect.usernameProperty().set("locked.clerk");
        connect.passwordProperty().set("the-right-password");

        connect.connect();

        assertThat(connected).isEmpty();
        assertThat(connect.errorProperty().get()).contains("locked after too many failed sign-ins");
        assertThat(connect.passwordProperty().get()).isEmpty();
    }

    @Test
    void anUnreachableServerSaysSoAndKeepsTheAddressAndUsername() {
        ConnectViewModel connect = screen(null);
        connect.serverUrlProperty().set("http://127.0.0.1:9");
        connect.usernameProperty().set("admin");
        connect.passwordProperty().set("some-password-1");

        connect.connect();

        assertThat(connected).isEmpty();
        assertThat(connect.errorProperty().get()).startsWith("The server does not answer");
        assertThat(connect.serverUrlProperty().get()).isEqualTo("http://127.0.0.1:9");
        assertThat(connect.usernameProperty().get()).isEqualTo("admin");
        assertThat(connect.passwordProperty().get()).isEmpty();
    }

    @Test
    void malformedAddressIsRefusedBeforeAnyCall() {
        ConnectViewModel connect = screen(null);
        connect.serverUrlProperty().set("teller.example.com");
        connect.usernameProperty().set("admin");
        connect.passwordProperty().set("x");

        connect.connect();

        assertThat(connected).isEmpty();
        assertThat(connect.errorProperty().get()).contains("http://");
    }

    /** A Local profile on the test server: one-click (the demo) or asking a password, perhaps a first run. */
    private LocalServer local(boolean oneClick, boolean firstRun, java.util.List<String> noted) {
        return new LocalServer() {
            @Override
            public LocalConnection start() {
                return new LocalConnection(server.baseUrl(), "admin",
                        oneClick || firstRun && noted.isEmpty() ? TestServer.ADMIN_PASSWORD : null,
                        firstRun && noted.isEmpty());
            }

            @Override
            public boolean oneClick() {
                return oneClick;
            }

            @Override
            public void passwordNoted() {
                noted.add("noted");
            }

            @Override
            public String description() {
                return "the test server";
            }
        };
    }

    @Test
    void theLocalDemoSignsInWithOneClick() {
        ConnectViewModel connect = screen(local(true, false, new java.util.ArrayList<>()));
        assertThat(connect.modeProperty().get()).isEqualTo(ConnectViewModel.Mode.LOCAL);
        assertThat(connect.localOneClick()).isTrue();

        connect.connect();

        assertThat(connected).singleElement().satisfies(session -> {
            assertThat(session.local()).isTrue();
            assertThat(session.label()).isEqualTo("Local · admin");
        });
    }

    @Test
    void localModeAsksThePasswordAndRefusesNoneOrAWrongOne() {
        ConnectViewModel connect = screen(local(false, false, new java.util.ArrayList<>()));
        assertThat(connect.localOneClick()).isFalse();
        assertThat(connect.usernameProperty().get()).as("the local admin, filled in").isEqualTo("admin");
        assertThat(connect.canConnectProperty().get()).isTrue();

        connect.connect();
        assertThat(connected).as("no password, no console").isEmpty();
        assertThat(connect.errorProperty().get()).startsWith("Enter the password of admin.");

        connect.passwordProperty().set("not-the-password");
        connect.connect();
        assertThat(connected).isEmpty();
        assertThat(connect.errorProperty().get()).isEqualTo(teller.ui.connect.SignInErrors.INVALID_CREDENTIALS);
        assertThat(connect.passwordProperty().get()).isEmpty();

        connect.passwordProperty().set(TestServer.ADMIN_PASSWORD);
        connect.connect();
        assertThat(connected).singleElement().satisfies(session -> assertThat(session.local()).isTrue());
    }

    @Test
    void theFirstLocalStartShowsTheAdminsPasswordOnceBeforeTheConsoleOpens() {
        java.util.List<String> noted = new java.util.ArrayList<>();
        ConnectViewModel connect = screen(local(false, true, noted));

        connect.connect();

        assertThat(connected).as("the console waits until the password is noted").isEmpty();
        assertThat(connect.firstRunPasswordProperty().get()).isEqualTo(TestServer.ADMIN_PASSWORD);
        assertThat(connect.canConnectProperty().get()).isFalse();

        connect.continueAfterFirstRun();

        assertThat(noted).as("the local server forgets it").containsExactly("noted");
        assertThat(connect.firstRunPasswordProperty().get()).isEmpty();
        assertThat(connected).singleElement().satisfies(session -> assertThat(session.local()).isTrue());
    }

    @Test
    void localServerThatCannotStartShowsWhy() {
        LocalServer broken = new LocalServer() {
            @Override
            public LocalConnection start() throws java.io.IOException {
                throw new java.io.IOException("another Teller process is using /tmp/x; stop it, or use another --data-dir");
            }

            @Override
            public String description() {
                return "broken";
            }
        };
        ConnectViewModel connect = screen(broken);

        connect.connect();

        assertThat(connected).isEmpty();
        assertThat(connect.errorProperty().get()).startsWith("Could not start the local server.")
                .contains("another Teller process");
    }
}
