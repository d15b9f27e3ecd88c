package teller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.ServerCore;
import teller.server.config.TlsSettings;
import teller.server.support.TestCertificates;
import teller.server.support.TestServer;
import teller.ui.api.ServerTrust;
import teller.ui.api.ServerUnreachableException;
import teller.ui.api.TellerClient;
import teller.ui.common.UiExecutors;
import teller.ui.connect.ConnectViewModel;
import teller.ui.connect.Session;

/**
 * The desktop against a server-core that speaks HTTPS with a certificate from a team's own CA: signed
 * in when that CA is trusted (TELLER_CA_FILE), refused with a clear certificate error when it is
 * not, and refused when the address is not a name the certificate carries.
 */
class TlsConnectTest {
    private static final String KEYSTORE_PASSWORD = "keystore-password-for-tests";

    static Path directory;
    static Path caPem;
    static ServerCore server;
    final List<Session> connected = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        directory = Files.createTempDirectory("teller-desktop-tls");
        TestCertificates authority = TestCertificates.authority("Teller team CA");
        // Issued for the loopback address only: "localhost" is deliberately not a name it carries.
        Path keystore = authority.issueServer(List.of("teller.test"), List.of("127.0.0.1"))
                .writePkcs12(directory.resolve("server.p12"), KEYSTORE_PASSWORD);
        caPem = authority.writePem(directory.resolve("team-ca.pem"));
        server = TestServer.start(b -> b.tls(new TlsSettings(keystore, KEYSTORE_PASSWORD)));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ConnectViewModel screen(OkHttpClient http, String url) {
        ConnectViewModel connect = new ConnectViewModel(UiExecutors.inline(), http, null, connected::add);
        connect.serverUrlProperty().set(url);
        connect.usernameProperty().set("admin");
        connect.passwordProperty().set(TestServer.ADMIN_PASSWORD);
        return connect;
    }

    @Test
    void withTheTeamsCaTrustedTheConsoleSignsInOverHttps() {
        OkHttpClient http = TellerClient.httpClient(ServerTrust.fromEnvironment(Map.of("TELLER_CA_FILE", caPem.toString())));
        ConnectViewModel connect = screen(http, server.baseUrl());
        assertThat(server.baseUrl()).startsWith("https://");
        assertThat(connect.unencryptedRemoteProperty().get()).isFalse();

        connect.connect();

        assertThat(connect.errorProperty().get()).isEmpty();
        assertThat(connected).singleElement().satisfies(session ->
                assertThat(session.client().me().roles()).contains("ADMIN"));
    }

    @Test
    void withoutTheCaTheSignInFailsWithACertificateErrorThatSaysWhatToDo() {
        ConnectViewModel connect = screen(TellerClient.defaultHttpClient(), server.baseUrl());

        connect.connect();

        assertThat(connected).isEmpty();
        assertThat(connect.errorProperty().get()).contains("SERVER_NOT_TRUSTED").contains("does not trust")
                .contains("TELLER_CA_FILE");
        assertThatThrownBy(() -> TellerClient.login(TellerClient.defaultHttpClient(), server.baseUrl(), "admin",
                TestServer.ADMIN_PASSWORD)).isInstanceOfSatisfying(ServerUnreachableException.class,
                        e -> assertThat(e.certificateRejected()).isTrue());
    }

    @Test
    void anAddressTheCertificateDoesNotNameIsRefusedEvenWithTheCaTrusted() {
        OkHttpClient http = TellerClient.httpClient(ServerTrust.withExtraAuthority(caPem));
        ConnectViewModel connect = screen(http, "https://localhost:" + server.port());

        connect.connect();

        assertThat(connected).isEmpty();
        assertThat(connect.errorProperty().get()).contains("SERVER_NOT_TRUSTED").contains("host name");
    }

    @Test
    void trustingTheTeamsCaKeepsThePlatformAuthorities() {
        ServerTrust trust = ServerTrust.withExtraAuthority(caPem);
        var issuers = List.of(trust.trustManager().getAcceptedIssuers());
        assertThat(issuers).hasSizeGreaterThan(1);
        assertThat(issuers).anySatisfy(ca -> assertThat(ca.getSubjectX500Principal().getName()).contains("Teller team CA"));
        assertThat(ServerTrust.fromEnvironment(Map.of()).caFile()).isNull();
    }

    @Test
    void aCaFileThatIsMissingOrNotPemIsRefusedNamingTheSetting() throws IOException {
        assertThatThrownBy(() -> ServerTrust.fromEnvironment(Map.of("TELLER_CA_FILE", directory.resolve("none.pem").toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TELLER_CA_FILE=")
                .hasMessageContaining("no such file");
        Path text = Files.writeString(directory.resolve("not.pem"), "hello");
        assertThatThrownBy(() -> ServerTrust.withExtraAuthority(text))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TELLER_CA_FILE=");
    }
}
