package teller.ui.api;

import java.io.IOException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * No answer from the server (refused connection, timeout, broken response), or a server whose
 * certificate this computer does not trust. The outcome of a write is then unknown; sending it
 * again with the same Idempotency-Key is safe.
 */
public final class ServerUnreachableException extends TellerClientException {
    private final String baseUrl;

    public ServerUnreachableException(String baseUrl, IOException cause) {
        super("no answer from " + baseUrl + ": " + cause.getMessage(), cause);
        this.baseUrl = baseUrl;
    }

    /** True when the TLS handshake failed on the server's certificate (untrusted issuer or wrong host name). */
    public boolean certificateRejected() {
        return getCause() instanceof SSLPeerUnverifiedException || untrustedCertificate();
    }

    private boolean untrustedCertificate() {
        if (!(getCause() instanceof SSLHandshakeException)) {
            return false;
        }
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String describe() {
        if (getCause() instanceof SSLPeerUnverifiedException wrongHost) {
            return "SERVER_NOT_TRUSTED: the certificate of " + baseUrl + " is not issued for this host name; "
                    + "connect with the name the certificate carries. (" + wrongHost.getMessage() + ")";
        }
        if (untrustedCertificate()) {
            return "SERVER_NOT_TRUSTED: " + baseUrl + " presented a certificate this computer does not trust. "
                    + "If your team runs its own certificate authority, set " + ServerTrust.CA_FILE_SETTING
                    + " to its PEM file and restart the console. (" + getCause().getMessage() + ")";
        }
        return "SERVER_UNREACHABLE: " + getMessage();
    }
}
