package teller.server.payments;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Teller-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">}
 * scheme. Several {@code v1} values may be sent (a provider rotating its secret signs with both);
 * one match is enough. Comparison is constant-time on the decoded bytes.
 */
public final class WebhookSignature {
    public static final String HEADER = "X-Teller-Signature";
    public static final int HEADER_LENGTH_MAX = 1_024;
    private static final String ALGORITHM = "HmacSHA256";
    private static final int SIGNATURE_BYTES = 32;

    private WebhookSignature() {
    }

    /** Why a signature was refused; the reason goes to the audit trail, never the signature itself. */
    public enum Refusal {
        MISSING, MALFORMED, STALE, MISMATCH
    }

    /** Empty when the header proves {@code rawBody} was signed with {@code secret} within {@code tolerance} of {@code now}. */
    public static java.util.Optional<Refusal> check(String header, byte[] rawBody, String secret, Instant now,
                                                    Duration tolerance) {
        if (header == null || header.isBlank()) {
            return java.util.Optional.of(Refusal.MISSING);
        }
        if (header.length() > HEADER_LENGTH_MAX) {
            return java.util.Optional.of(Refusal.MALFORMED);
        }
        Long timestamp = null;
        List<byte[]> candidates = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                return java.util.Optional.of(Refusal.MALFORMED);
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (key.equals("t")) {
                if (timestamp != null || !value.matches("[0-9]{1,12}")) {
                    return java.util.Optional.of(Refusal.MALFORMED);
                }
                timestamp = Long.parseLong(value);
            } else if (key.equals("v1")) {
                if (!value.matches("[0-9a-fA-F]{" + (SIGNATURE_BYTES * 2) + "}")) {
                    return java.util.Optional.of(Refusal.MALFORMED);
                }
                candidates.add(HexFormat.of().parseHex(value));
            }
            // Other schemes (v0, future versions) are ignored, as the header format allows.
        }
        if (timestamp == null || candidates.isEmpty()) {
            return java.util.Optional.of(Refusal.MALFORMED);
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return java.util.Optional.of(Refusal.STALE);
        }
        byte[] expected = sign(secret, timestamp, rawBody);
        boolean matched = false;
        for (byte[] candidate : candidates) {
            // No early exit: every candidate is compared, each in constant time.
            matched |= MessageDigest.isEqual(expected, candidate);
        }
        return matched ? java.util.Optional.empty() : java.util.Optional.of(Refusal.MISMATCH);
    }

    /** HMAC-SHA256 of {@code "<t>.<raw body>"}; what a provider (or a test) sends as {@code v1}. */
    public static byte[] sign(String secret, long timestamp, byte[] rawBody) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(rawBody);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    /** The full header value for {@code rawBody} signed now with {@code secret}. */
    public static String header(String secret, long timestamp, byte[] rawBody) {
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(sign(secret, timestamp, rawBody));
    }

    public static String header(String secret, long timestamp, String rawBody) {
        return header(secret, timestamp, rawBody.getBytes(StandardCharsets.UTF_8));
    }
}
