package teller.server.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import teller.server.common.InvalidInputException;
import teller.server.common.Sha256;

/** A proof is recognised by its bytes, bounded in size and pixels, and hashed; nothing else passes. */
class ProofImagesTest {
    private static final long SIZE_MAX = 1_000_000;
    private static final long PIXELS_MAX = 1_000_000;

    private static ProofUpload inspect(byte[] bytes) {
        return ProofImages.inspect(ProofFixtures.base64(bytes), SIZE_MAX, PIXELS_MAX);
    }

    private static String refusalCode(byte[] bytes, long sizeMax, long pixelsMax) {
        try {
            ProofImages.inspect(ProofFixtures.base64(bytes), sizeMax, pixelsMax);
        } catch (InvalidInputException e) {
            assertThat(e.field()).isEqualTo("proofImage");
            return e.code();
        }
        throw new AssertionError("the proof was accepted");
    }

    @Test
    void aPngIsRecognisedWithItsSizeAndHash() {
        byte[] png = ProofFixtures.image("png", 40, 30, 1);
        ProofUpload upload = inspect(png);
        assertThat(upload.mediaType()).isEqualTo(ProofMediaType.PNG);
        assertThat(upload.width()).isEqualTo(40);
        assertThat(upload.height()).isEqualTo(30);
        assertThat(upload.sha256()).isEqualTo(Sha256.hex(png));
        assertThat(upload.bytes()).isEqualTo(png);
    }

    @Test
    void aJpegIsRecognisedWithItsSize() {
        ProofUpload upload = inspect(ProofFixtures.image("jpg", 64, 48, 2));
        assertThat(upload.mediaType()).isEqualTo(ProofMediaType.JPEG);
        assertThat(upload.width()).isEqualTo(64);
        assertThat(upload.height()).isEqualTo(48);
    }

    @Test
    void lossyAndLosslessWebpAreRecognised() {
        for (String webp : new String[] {ProofFixtures.WEBP_LOSSY_BASE64, ProofFixtures.WEBP_LOSSLESS_BASE64}) {
            ProofUpload upload = ProofImages.inspect(webp, SIZE_MAX, PIXELS_MAX);
            assertThat(upload.mediaType()).isEqualTo(ProofMediaType.WEBP);
            assertThat(upload.width()).isEqualTo(1);
            assertThat(upload.height()).isEqualTo(1);
        }
    }

    @Test
    void bytesThatAreNoAcceptedImageAreRefusedWhateverTheyClaim() {
        assertThat(refusalCode("hello, this is not an image".getBytes(StandardCharsets.UTF_8), SIZE_MAX, PIXELS_MAX))
                .isEqualTo("PROOF_NOT_AN_IMAGE");
        assertThat(refusalCode(ProofFixtures.image("gif", 10, 10, 3), SIZE_MAX, PIXELS_MAX)).isEqualTo("PROOF_NOT_AN_IMAGE");
        assertThat(refusalCode(ProofFixtures.image("bmp", 10, 10, 3), SIZE_MAX, PIXELS_MAX)).isEqualTo("PROOF_NOT_AN_IMAGE");
        // A PNG signature followed by garbage is not a PNG.
        byte[] fake = Arrays.copyOf(ProofFixtures.image("png", 10, 10, 4), 30);
        fake[12] = 'X';
        assertThat(refusalCode(fake, SIZE_MAX, PIXELS_MAX)).isEqualTo("PROOF_NOT_AN_IMAGE");
        // A JPEG cut off before its frame header is not accepted either.
        assertThat(refusalCode(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16}, SIZE_MAX, PIXELS_MAX))
                .isEqualTo("PROOF_NOT_AN_IMAGE");
    }

    @Test
    void invalidOrEmptyBase64IsRefusedNamingTheField() {
        assertThatThrownBy(() -> ProofImages.inspect("%%% not base64 %%%", SIZE_MAX, PIXELS_MAX))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("proofImage"));
        assertThatThrownBy(() -> ProofImages.inspect("", SIZE_MAX, PIXELS_MAX))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("proofImage"));
    }

    @Test
    void aProofOfExactlyTheSizeBoundPassesAndOneByteMoreDoesNot() {
        byte[] png = ProofFixtures.image("png", 20, 20, 5);
        assertThat(ProofImages.inspect(ProofFixtures.base64(png), png.length, PIXELS_MAX).sizeBytes()).isEqualTo(png.length);
        assertThat(refusalCode(png, png.length - 1, PIXELS_MAX)).isEqualTo("PROOF_TOO_LARGE");
    }

    @Test
    void aProofOfExactlyThePixelBoundPassesAndOnePixelRowMoreDoesNot() {
        byte[] png = ProofFixtures.image("png", 25, 40, 6);
        assertThat(ProofImages.inspect(ProofFixtures.base64(png), SIZE_MAX, 25 * 40).width()).isEqualTo(25);
        assertThat(refusalCode(png, SIZE_MAX, 25 * 40 - 1)).isEqualTo("PROOF_TOO_MANY_PIXELS");
    }

    @Test
    void aSmallFileClaimingAHugeCanvasIsRefusedBeforeAnyoneDecodesIt() {
        byte[] png = ProofFixtures.claimingSize(ProofFixtures.image("png", 2, 2, 7), 60_000, 60_000);
        assertThat(refusalCode(png, SIZE_MAX, 50_000_000)).isEqualTo("PROOF_TOO_MANY_PIXELS");
    }

    @Test
    void theUploadNeverPrintsItsBytes() {
        ProofUpload upload = inspect(ProofFixtures.image("png", 3, 3, 8));
        assertThat(upload.toString()).contains(upload.sha256()).doesNotContain(ProofFixtures.base64(upload.bytes()));
    }
}
