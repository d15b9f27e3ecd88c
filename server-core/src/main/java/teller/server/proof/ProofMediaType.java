package teller.server.proof;

/** The image formats accepted as payment proofs, recognised by their bytes, never by a declared type. */
public enum ProofMediaType {
    PNG("image/png", "png"), JPEG("image/jpeg", "jpg"), WEBP("image/webp", "webp");

    private final String mime;
    private final String extension;

    ProofMediaType(String mime, String extension) {
        this.mime = mime;
        this.extension = extension;
    }

    public String mime() {
        return mime;
    }

    public String extension() {
        return extension;
    }

    public static ProofMediaType ofMime(String mime) {
        for (ProofMediaType type : values()) {
            if (type.mime.equals(mime)) {
                return type;
            }
        }
        throw new IllegalArgumentException("not a proof media type: " + mime);
    }
}
