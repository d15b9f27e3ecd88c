package teller.server.proof;

import java.util.Base64;
import teller.server.common.InvalidInputException;
import teller.server.common.Sha256;

/**
 * Checks that a proof really is a PNG, JPEG or WebP by its bytes and reads its dimensions from the
 * header alone, without decoding pixels, so a small file that claims a huge canvas (a decompression
 * bomb for whoever renders it later) is refused by its pixel count before anyone decodes it.
 */
public final class ProofImages {
    public static final String FIELD = "proofImage";
    /** JPEG segments walked before giving up on finding the frame header. */
    private static final int JPEG_SEGMENTS_MAX = 512;

    private ProofImages() {
    }

    /** Decodes and inspects a base64 proof; refuses anything that is not a bounded PNG, JPEG or WebP. */
    public static ProofUpload inspect(String base64, long sizeMaxBytes, long pixelsMax) {
        // Base64 carries 3 bytes in 4 characters; a longer text cannot decode to an allowed size
        // (line breaks of MIME base64 aside, which this bound tolerates up to a few percent).
        if (base64.length() > sizeMaxBytes / 3 * 4 * 105 / 100 + 8) {
            throw tooLarge(sizeMaxBytes);
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(FIELD, "proofImage is not valid base64");
        }
        if (bytes.length == 0) {
            throw new InvalidInputException(FIELD, "proofImage is empty");
        }
        if (bytes.length > sizeMaxBytes) {
            throw tooLarge(sizeMaxBytes);
        }
        ProofMediaType type = sniff(bytes);
        if (type == null) {
            throw new InvalidInputException("PROOF_NOT_AN_IMAGE", FIELD, "proofImage must be a PNG, JPEG or WebP image");
        }
        int[] size = switch (type) {
            case PNG -> pngSize(bytes);
            case JPEG -> jpegSize(bytes);
            case WEBP -> webpSize(bytes);
        };
        if (size == null || size[0] <= 0 || size[1] <= 0) {
            throw new InvalidInputException("PROOF_NOT_AN_IMAGE", FIELD,
                    "proofImage looks like " + type + " but its header is damaged or incomplete");
        }
        if ((long) size[0] * size[1] > pixelsMax) {
            throw new InvalidInputException("PROOF_TOO_MANY_PIXELS", FIELD, "proofImage is " + size[0] + "x" + size[1]
                    + " pixels; at most " + pixelsMax + " pixels are accepted");
        }
        return new ProofUpload(bytes, type, size[0], size[1], Sha256.hex(bytes));
    }

    private static InvalidInputException tooLarge(long sizeMaxBytes) {
        return new InvalidInputException("PROOF_TOO_LARGE", FIELD, "proofImage is larger than " + sizeMaxBytes + " bytes");
    }

    /** The format the leading bytes announce, or null. */
    public static ProofMediaType sniff(byte[] b) {
        if (b.length >= 8 && u8(b, 0) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
                && b[4] == 0x0D && b[5] == 0x0A && b[6] == 0x1A && b[7] == 0x0A) {
            return ProofMediaType.PNG;
        }
        if (b.length >= 3 && u8(b, 0) == 0xFF && u8(b, 1) == 0xD8 && u8(b, 2) == 0xFF) {
            return ProofMediaType.JPEG;
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return ProofMediaType.WEBP;
        }
        return null;
    }

    /** IHDR must be the first chunk: width and height as big-endian 32-bit at offsets 16 and 20. */
    private static int[] pngSize(byte[] b) {
        if (b.length < 24 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
            return null;
        }
        long width = be32(b, 16);
        long height = be32(b, 20);
        if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            return null;
        }
        return new int[] {(int) width, (int) height};
    }

    /** Walks the segments to the first start-of-frame marker, which holds height then width. */
    private static int[] jpegSize(byte[] b) {
        int i = 2;
        for (int segment = 0; segment < JPEG_SEGMENTS_MAX; segment++) {
            while (i < b.length && u8(b, i) == 0xFF) {
                i++; // fill bytes and the marker prefix
            }
            if (i >= b.length) {
                return null;
            }
            int marker = u8(b, i++);
            if (marker == 0xD8 || marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) {
                continue; // markers without a length
            }
            if (marker == 0xD9 || marker == 0xDA || i + 2 > b.length) {
                return null; // end of image or scan data before any frame header
            }
            int length = be16(b, i);
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                if (i + 7 > b.length) {
                    return null;
                }
                return new int[] {be16(b, i + 5), be16(b, i + 3)};
            }
            if (length < 2) {
                return null;
            }
            i += length;
        }
        return null;
    }

    /** The first chunk after the RIFF header says which WebP flavour it is and where the size lives. */
    private static int[] webpSize(byte[] b) {
        if (b.length < 30) {
            return null;
        }
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        switch (chunk) {
            case "VP8 ":
                if (u8(b, 23) != 0x9D || u8(b, 24) != 0x01 || u8(b, 25) != 0x2A) {
                    return null;
                }
                return new int[] {le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF};
            case "VP8L":
                if (u8(b, 20) != 0x2F) {
                    return null;
                }
                long bits = u8(b, 21) | (long) u8(b, 22) << 8 | (long) u8(b, 23) << 16 | (long) u8(b, 24) << 24;
                return new int[] {(int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1};
            case "VP8X":
                return new int[] {le24(b, 24) + 1, le24(b, 27) + 1};
            default:
                return null;
        }
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static int be16(byte[] b, int i) {
        return u8(b, i) << 8 | u8(b, i + 1);
    }

    private static long be32(byte[] b, int i) {
        return (long) u8(b, i) << 24 | u8(b, i + 1) << 16 | u8(b, i + 2) << 8 | u8(b, i + 3);
    }

    private static int le16(byte[] b, int i) {
        return u8(b, i) | u8(b, i + 1) << 8;
    }

    private static int le24(byte[] b, int i) {
        return u8(b, i) | u8(b, i + 1) << 8 | u8(b, i + 2) << 16;
    }
}
