package teller.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import teller.server.config.TlsSettings;

/**
 * The HTTPS listener: Jetty's TLS connector over the configured PKCS12 keystore, TLS 1.2 and 1.3 only
 * (decision 0042). The keystore is opened when this is created, before anything else starts, so a
 * wrong path or password stops the server at once with a message naming the setting to fix.
 */
public final class TlsConnector {
    /** TLS 1.0 and 1.1 are deprecated (RFC 8996); the JDK's defaults already refuse them, this makes it explicit. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final KeyStore keyStore;
    private final String password;

    private TlsConnector(KeyStore keyStore, String password) {
        this.keyStore = keyStore;
        this.password = password;
    }

    /**
     * Opens the keystore and checks that it holds a private key with its certificate.
     *
     * @throws IllegalArgumentException naming {@code TLS_KEYSTORE} or {@code TLS_KEYSTORE_PASSWORD}
     */
    public static TlsConnector open(TlsSettings settings) {
        String where = TlsSettings.KEYSTORE_SETTING + "=" + settings.keystore();
        KeyStore store;
        try (InputStream in = Files.newInputStream(settings.keystore())) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, settings.keystorePassword().toCharArray());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(where + ": no such file; point " + TlsSettings.KEYSTORE_SETTING
                    + " at the PKCS12 keystore holding the server's key and certificate", e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                // Deliberately says nothing about the password itself.
                throw new IllegalArgumentException(TlsSettings.PASSWORD_SETTING + " does not open the keystore "
                        + where + " (wrong password)", e);
            }
            throw new IllegalArgumentException(where + " cannot be read as a PKCS12 keystore (is it one, and is "
                    + TlsSettings.PASSWORD_SETTING + " its password?): " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(where + " cannot be read as a PKCS12 keystore: " + e.getMessage(), e);
        }
        try {
            boolean hasKey = false;
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getCertificate(alias) != null) {
                    // The key itself must open too (PKCS12 normally uses the store's password for it).
                    store.getKey(alias, settings.keystorePassword().toCharArray());
                    hasKey = true;
                }
            }
            if (!hasKey) {
                throw new IllegalArgumentException(where + " holds no private key with its certificate; "
                        + "the server needs both to serve HTTPS");
            }
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException(TlsSettings.PASSWORD_SETTING + " opens " + where
                    + " but not the private key inside it (use one password for both)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(where + " cannot be read: " + e.getMessage(), e);
        }
        return new TlsConnector(store, settings.keystorePassword());
    }

    /** A connector on host:port that speaks HTTP/1.1 inside TLS only; the plain HTTP default is not added. */
    Connector create(Server server, HttpConfiguration plain, String host, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keyStore);
        ssl.setKeyStorePassword(password);
        ssl.setKeyManagerPassword(password);
        ssl.setIncludeProtocols(PROTOCOLS);
        HttpConfiguration https = new HttpConfiguration(plain);
        https.setSecureScheme("https");
        https.setSecurePort(port);
        // Marks requests secure and, by Jetty's default, refuses a Host that the certificate does not name.
        https.addCustomizer(new SecureRequestCustomizer());
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }
}
