package teller.ui.api;

/** The operator cancelled a {@link Download}; its partial file is already deleted. */
public final class DownloadCancelledException extends TellerClientException {
    public DownloadCancelledException() {
        super("the download was cancelled", null);
    }

    @Override
    public String describe() {
        return "CANCELLED: " + getMessage();
    }
}
