package teller.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import teller.server.Main;
import teller.server.ServerCore;
import teller.server.config.ServerConfig;
import teller.server.config.TlsSettings;
import teller.server.support.TestCertificates;
import teller.server.support.TestServer;

/** HTTPS from a configured PKCS12 keystore, and a startup that refuses a keystore it cannot open. */
class TlsServerTest {
    private static final String PASSWORD = "keystore-password-for-tests";
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path directory;
    static TestCertificates authority;
    static Path keystore;
    static ServerCore server;

    @BeforeAll
    static void start() throws IOException {
        directory = Files.createTempDirectory("teller-tls-test");
        authority = TestCertificates.authority("Teller test CA");
        keystore = authority.issueServer(List.of("teller.test"), List.of("127.0.0.1"))
                .writePkcs12(directory.resolve("server.p12"), PASSWORD);
        server = TestServer.start(b -> b.tls(new TlsSettings(keystore, PASSWORD)));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theServerSpeaksHttpsWithTheConfiguredCertificateAndSignsOperatorsIn() throws Exception {
        assertThat(server.baseUrl()).startsWith("https://127.0.0.1:");
        HttpClient trusting = HttpClient.newBuilder().sslContext(authority.trustingContext())
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> health = trusting.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.sslSession()).isPresent();
        assertThat(health.sslSession().get().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
        assertThat(health.sslSession().get().getPeerCertificates()[0]).isNotEqualTo(authority.certificate());

        String body = JSON.writeValueAsString(Map.of("username", "admin", "password", TestServer.ADMIN_PASSWORD));
        HttpResponse<String> login = trusting.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertThat(JSON.readTree(login.body()).path("token").asText()).isNotBlank();
    }

    @Test
    void aClientThatDoesNotTrustTheAuthorityIsRefusedDuringTheHandshake() {
        HttpClient platformTrust = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> platformTrust.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/health"))
                .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void theHttpsPortAnswersNoPlainHttpRequest() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String url = server.baseUrl().replace("https://", "http://") + "/health";
        try {
            HttpResponse<String> reply = plain.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).as("a plain request must not be served").isGreaterThanOrEqualTo(400);
            assertThat(reply.body()).doesNotContain("\"status\"");
        } catch (IOException | InterruptedException refused) {
            // The connection was closed without an answer: also no plain HTTP.
        }
    }

    @Test
    void theServerOffersNothingOlderThanTls12() throws Exception {
        var factory = authority.trustingContext().getSocketFactory();
        try (SSLSocket socket = (SSLSocket) factory.createSocket("127.0.0.1", server.port())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
        }
        assertThat(TlsConnector.PROTOCOLS).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
    }

    @Test
    void aWrongKeystorePasswordStopsStartupNamingThePasswordSetting() {
        ServerConfig config = TestServer.config().toBuilder().tls(new TlsSettings(keystore, "not-the-password")).build();
        assertThatThrownBy(() -> ServerCore.start(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TLS_KEYSTORE_PASSWORD")
                .hasMessageContaining(keystore.toString())
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void aMissingKeystoreStopsStartupNamingTheKeystoreSetting() {
        Path missing = directory.resolve("nowhere.p12");
        ServerConfig config = TestServer.config().toBuilder().tls(new TlsSettings(missing, PASSWORD)).build();
        assertThatThrownBy(() -> ServerCore.start(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TLS_KEYSTORE=" + missing)
                .hasMessageContaining("no such file");
    }

    @Test
    void aFileThatIsNotAKeystoreStopsStartupNamingTheKeystoreSetting() throws IOException {
        Path text = Files.writeString(directory.resolve("not-a-keystore.p12"), "hello");
        assertThatThrownBy(() -> TlsConnector.open(new TlsSettings(text, PASSWORD)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TLS_KEYSTORE=" + text);
    }

    @Test
    void halfATlsConfigurationIsRefusedRatherThanServedInClearText() {
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("TLS_KEYSTORE", keystore.toString())))
                .hasMessageContaining("TLS_KEYSTORE_PASSWORD is not");
        assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("TLS_KEYSTORE_PASSWORD", PASSWORD)))
                .hasMessageContaining("TLS_KEYSTORE is not");
        ServerConfig both = ServerConfig.fromEnvironment(Map.of("TLS_KEYSTORE", keystore.toString(),
                "TLS_KEYSTORE_PASSWORD", PASSWORD));
        assertThat(both.tls()).isEqualTo(new TlsSettings(keystore, PASSWORD));
        assertThat(ServerConfig.fromEnvironment(Map.of()).tls()).isNull();
    }

    @Test
    void theKeystorePasswordNeverAppearsInAPrintedConfiguration() {
        ServerConfig config = ServerConfig.fromEnvironment(Map.of("TLS_KEYSTORE", keystore.toString(),
                "TLS_KEYSTORE_PASSWORD", PASSWORD));
        assertThat(config.tls().toString()).doesNotContain(PASSWORD).contains(keystore.toString());
        assertThat(config.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void theKeystorePasswordAppearsInNoLogLineWhenTheServerStartsOrRefusesToStart() throws Exception {
        String canary = "canary-" + java.util.UUID.randomUUID();
        Path canaryStore = authority.issueServer(List.of("teller.test"), List.of("127.0.0.1"))
                .writePkcs12(directory.resolve("canary.p12"), canary);
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        @SuppressWarnings("unchecked")
        var encoder = ((ch.qos.logback.core.OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent>)
                root.getAppender("STDERR")).getEncoder();
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        var capture = new ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent>() {
            @Override
            protected void append(ch.qos.logback.classic.spi.ILoggingEvent event) {
                lines.add(new String(encoder.encode(event), java.nio.charset.StandardCharsets.UTF_8));
            }
        };
        capture.setContext(root.getLoggerContext());
        capture.start();
        root.addAppender(capture);
        try {
            try (ServerCore started = TestServer.start(b -> b.tls(new TlsSettings(canaryStore, canary)))) {
                assertThat(started.baseUrl()).startsWith("https://");
            }
            ServerConfig wrong = TestServer.config().toBuilder().tls(new TlsSettings(canaryStore, canary + "-wrong")).build();
            assertThatThrownBy(() -> ServerCore.start(wrong)).satisfies(e -> {
                for (Throwable t = e; t != null; t = t.getCause()) {
                    assertThat(String.valueOf(t.getMessage())).doesNotContain(canary);
                }
            });
        } finally {
            root.detachAppender(capture);
        }
        assertThat(lines).as("the server logged its start, so the check means something").isNotEmpty();
        assertThat(lines).noneMatch(line -> line.contains(canary));
    }

    @Test
    void serveWithAKeystoreFlagButNoPasswordInTheEnvironmentExitsNamingTheSetting() {
        StringWriter err = new StringWriter();
        var commandLine = Main.commandLine(Map.of("TELLER_DATA_DIR", directory.toString()));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute("serve", "--port", "0", "--tls-keystore", keystore.toString());
        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("TLS_KEYSTORE_PASSWORD");
    }
}
