package teller.ui.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import okhttp3.Call;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * One file download from the API (a report export), streamed to disk chunk by chunk so that no
 * body is ever held in memory whole. The bytes go to a temporary file next to the target, which is
 * moved into place only when the server's answer is complete: a failed or cancelled download leaves
 * no file, and never a half-written one under the name the operator chose.
 */
public final class Download {
    /** Big enough to keep system calls few, small enough to report progress often. */
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final String PART_SUFFIX = ".part";

    /** Told the bytes received so far, and the total the server announced or -1 when it did not. */
    public interface Progress {
        void received(long bytes, long totalBytes);
    }

    private final Call call;
    private final String server;
    private volatile boolean cancelled;

    Download(Call call, String server) {
        this.call = Objects.requireNonNull(call);
        this.server = server;
    }

    /** Aborts the call from any thread; {@link #saveTo} then deletes its partial file and throws. */
    public void cancel() {
        cancelled = true;
        call.cancel();
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Sends the request and streams the answer into {@code target} (replacing an existing file only
     * on success). Blocking: call it on a background thread.
     *
     * @return the number of bytes written
     * @throws DownloadCancelledException when {@link #cancel()} was called
     * @throws ApiException               when the server answered with an error (its message intact)
     * @throws ServerUnreachableException when the connection failed or broke before the end
     * @throws UncheckedIOException       when the local file could not be written
     */
    public long saveTo(Path target, Progress progress) {
        Path absolute = target.toAbsolutePath();
        Path part = null;
        try (Response response = call.execute()) {
            ResponseBody body = response.body();
            if (!response.isSuccessful()) {
                throw TellerClient.error(response.code(), body == null ? "" : body.string());
            }
            if (body == null) {
                throw new ApiException(response.code(), "EMPTY_RESPONSE", "the server sent no file", java.util.Map.of());
            }
            long total = body.contentLength();
            part = createPart(absolute);
            long received = 0;
            try (InputStream in = body.byteStream(); OutputStream out = open(part)) {
                byte[] buffer = new byte[BUFFER_BYTES];
                int read;
                while ((read = in.read(buffer)) != -1) {
                    if (cancelled) {
                        throw new DownloadCancelledException();
                    }
                    write(out, buffer, read, part);
                    received += read;
                    progress.received(received, total);
                }
            }
            if (cancelled) {
                throw new DownloadCancelledException();
            }
            if (total >= 0 && received != total) {
                throw new IOException("the answer ended after " + received + " of " + total + " bytes");
            }
            moveIntoPlace(part, absolute);
            part = null;
            return received;
        } catch (IOException e) {
            if (cancelled) {
                throw new DownloadCancelledException();
            }
            throw new ServerUnreachableException(server, e);
        } finally {
            if (part != null) {
                deleteQuietly(part);
            }
        }
    }

    private static Path createPart(Path target) {
        try {
            // In the target's folder, so the final move is a rename on the same file system.
            return Files.createTempFile(target.getParent(), "." + target.getFileName(), PART_SUFFIX);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write in " + target.getParent() + ": " + e.getMessage(), e);
        }
    }

    private static OutputStream open(Path part) {
        try {
            return Files.newOutputStream(part);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + part + ": " + e.getMessage(), e);
        }
    }

    private static void write(OutputStream out, byte[] buffer, int length, Path part) {
        try {
            out.write(buffer, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + part + ": " + e.getMessage(), e);
        }
    }

    private static void moveIntoPlace(Path part, Path target) {
        try {
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + target + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path part) {
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            // Nothing more to do: the partial file carries a .part suffix and a hidden name.
        }
    }
}
