package teller.ui.api;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code GET /api/v1/orders/{id}/proof}: the image's bytes, their content type and the hash the
 * server recorded at intake ({@code X-Proof-Sha256}).
 */
public record ProofImage(byte[] bytes, String contentType, String recordedSha256) {
    /** The SHA-256 of the bytes as received, in lower-case hex. */
    public String receivedSha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** True when the received bytes hash to the recorded value. */
    public boolean verified() {
        return recordedSha256 != null && recordedSha256.equalsIgnoreCase(receivedSha256());
    }
}
