package teller.server.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where the server's certificate and private key live (a PKCS12 keystore) and the password that
 * opens it. With these set the server speaks HTTPS only, on its one port (decision 0042).
 * The password never appears in {@link #toString()}, so a logged configuration cannot leak it.
 */
public record TlsSettings(Path keystore, String keystorePassword) {
    public static final String KEYSTORE_SETTING = "TLS_KEYSTORE";
    public static final String PASSWORD_SETTING = "TLS_KEYSTORE_PASSWORD";

    public TlsSettings {
        Objects.requireNonNull(keystore, KEYSTORE_SETTING);
        Objects.requireNonNull(keystorePassword, PASSWORD_SETTING);
    }

    /**
     * Reads {@code TLS_KEYSTORE} and {@code TLS_KEYSTORE_PASSWORD}: both or neither. One without the
     * other is refused rather than guessed at: an operator who set only the password believes the
     * server is encrypted when it would not be.
     *
     * @return null when neither is set (plain HTTP)
     */
    public static TlsSettings fromEnvironment(Function<String, String> get) {
        String keystore = get.apply(KEYSTORE_SETTING);
        String password = get.apply(PASSWORD_SETTING);
        if (keystore == null && password == null) {
            return null;
        }
        if (keystore == null) {
            throw new IllegalArgumentException(PASSWORD_SETTING + " is set but " + KEYSTORE_SETTING
                    + " is not: set " + KEYSTORE_SETTING + " to the PKCS12 file holding the server's key and certificate");
        }
        if (password == null) {
            throw new IllegalArgumentException(KEYSTORE_SETTING + " is set but " + PASSWORD_SETTING
                    + " is not: set it to the password of " + keystore);
        }
        return new TlsSettings(Path.of(keystore), password);
    }

    @Override
    public String toString() {
        return "TlsSettings[keystore=" + keystore + ", keystorePassword=(hidden)]";
    }
}
