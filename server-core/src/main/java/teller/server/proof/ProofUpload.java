package teller.server.proof;

/**
 * A decoded payment proof that passed inspection: its bytes (held only in memory and in the spool,
 * never in the database), what it is, its size in pixels and its SHA-256.
 */
public record ProofUpload(byte[] bytes, ProofMediaType mediaType, int width, int height, String sha256) {
    public long sizeBytes() {
        return bytes.length;
    }

    @Override
    public String toString() {
        // Never print the image: logs must not carry proofs.
        return "ProofUpload[" + mediaType + " " + width + "x" + height + ", " + bytes.length + " bytes, sha256=" + sha256 + "]";
    }
}
