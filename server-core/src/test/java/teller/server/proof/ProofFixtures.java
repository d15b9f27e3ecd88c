package teller.server.proof;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Real images for proof tests: PNG and JPEG drawn and encoded by the JDK, WebP from known files. */
public final class ProofFixtures {
    /** A complete 1x1 lossy WebP (VP8). */
    public static final String WEBP_LOSSY_BASE64 = "UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA";
    /** A complete 1x1 lossless WebP (VP8L). */
    public static final String WEBP_LOSSLESS_BASE64 = "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==";

    private ProofFixtures() {
    }

    /** A noisy image (so it does not compress to nothing) whose bytes differ with {@code seed}. */
    public static byte[] image(String format, int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)).getRGB());
            }
        }
        var out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A PNG whose header claims another size than its pixels have (as a decompression bomb does). */
    public static byte[] claimingSize(byte[] png, int width, int height) {
        byte[] copy = png.clone();
        java.nio.ByteBuffer.wrap(copy, 16, 8).putInt(width).putInt(height);
        return copy;
    }

    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    public static byte[] webpLossy() {
        return Base64.getDecoder().decode(WEBP_LOSSY_BASE64);
    }
}
