package teller.ui.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Which servers the console believes (decision 0043): the platform's trust store (the JDK's CA
 * list) always, plus, when the team runs its own certificate authority, the CA certificates of a
 * PEM file ({@code TELLER_CA_FILE}). Host names are still verified by OkHttp in both cases; the
 * extra CA only adds an issuer, it never switches a check off.
 */
public final class ServerTrust {
    public static final String CA_FILE_SETTING = "TELLER_CA_FILE";

    private final X509TrustManager trustManager;
    private final SSLSocketFactory socketFactory;
    private final Path caFile;

    private ServerTrust(X509TrustManager trustManager, Path caFile) {
        this.trustManager = trustManager;
        this.caFile = caFile;
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, new SecureRandom());
            this.socketFactory = context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this Java runtime", e);
        }
    }

    /** The platform's trust store only. */
    public static ServerTrust platform() {
        return new ServerTrust(platformTrustManager(), null);
    }

    /** {@link #platform()} plus {@code TELLER_CA_FILE} when it is set. */
    public static ServerTrust fromEnvironment(Map<String, String> env) {
        String file = env.get(CA_FILE_SETTING);
        return file == null || file.isBlank() ? platform() : withExtraAuthority(Path.of(file.trim()));
    }

    /**
     * The platform's trust store plus every certificate in the PEM file.
     *
     * @throws IllegalArgumentException naming {@code TELLER_CA_FILE} when the file is missing or holds no certificate
     */
    public static ServerTrust withExtraAuthority(Path pemFile) {
        List<X509Certificate> authorities = new ArrayList<>();
        try (InputStream in = Files.newInputStream(pemFile)) {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            for (Certificate certificate : read) {
                authorities.add((X509Certificate) certificate);
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(CA_FILE_SETTING + "=" + pemFile + ": no such file", e);
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException(CA_FILE_SETTING + "=" + pemFile + " is not a PEM certificate file: "
                    + e.getMessage(), e);
        }
        if (authorities.isEmpty()) {
            throw new IllegalArgumentException(CA_FILE_SETTING + "=" + pemFile + " holds no certificate");
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < authorities.size(); i++) {
                store.setCertificateEntry("teller-ca-" + i, authorities.get(i));
            }
            return new ServerTrust(new EitherTrustManager(platformTrustManager(), trustManagerOf(store)), pemFile);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust store from " + pemFile, e);
        }
    }

    public X509TrustManager trustManager() {
        return trustManager;
    }

    public SSLSocketFactory socketFactory() {
        return socketFactory;
    }

    /** The extra CA file, or null when only the platform's trust store is used. */
    public Path caFile() {
        return caFile;
    }

    private static X509TrustManager platformTrustManager() {
        try {
            return trustManagerOf(null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the platform trust store cannot be read", e);
        }
    }

    private static X509TrustManager trustManagerOf(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return Arrays.stream(factory.getTrustManagers()).filter(X509TrustManager.class::isInstance)
                .map(X509TrustManager.class::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("no X509 trust manager"));
    }

    /** Trusts a chain that either the platform or the extra authorities trust. */
    private static final class EitherTrustManager implements X509TrustManager {
        private final X509TrustManager platform;
        private final X509TrustManager extra;

        EitherTrustManager(X509TrustManager platform, X509TrustManager extra) {
            this.platform = platform;
            this.extra = extra;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                platform.checkServerTrusted(chain, authType);
            } catch (CertificateException notPublic) {
                extra.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the console does not accept client connections");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509Certificate[] a = platform.getAcceptedIssuers();
            X509Certificate[] b = extra.getAcceptedIssuers();
            X509Certificate[] all = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }
}
