package teller.app;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The desktop's hold on its data directory for as long as it runs: the directory must be writable
 * (its database, logs and preferences go there) and no other Teller may use it at the same time.
 * Both are checked before any window or log file opens, so a bad start is a clear message and
 * nothing is written.
 */
public final class DataDirectoryLock implements AutoCloseable {
    static final String LOCK_FILE = "teller-desktop.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @throws StartProblem when the directory cannot be written or another Teller holds it
     */
    public static DataDirectoryLock acquire(Path dataDirectory) throws StartProblem {
        FileChannel channel;
        try {
            Files.createDirectories(dataDirectory);
            channel = FileChannel.open(dataDirectory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StartProblem("Teller cannot write to its data folder",
                    "Teller cannot write to its data folder " + dataDirectory + " (" + describe(e) + "). Give your "
                            + "user write access to it, or start Teller with --data-dir and a folder you can write to.");
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StartProblem("Teller cannot lock its data folder",
                    "Teller cannot lock its data folder " + dataDirectory + " (" + describe(e) + ").");
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new StartProblem("Teller is already running",
                    "Teller is already running with the data folder " + dataDirectory + ". Switch to its window, "
                            + "or start this one with --data-dir and another folder.");
        }
        return new DataDirectoryLock(channel, lock);
    }

    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return e.getMessage();
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was locked
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
    }

    /** A start that cannot go ahead: a short title and a sentence that says what to do. */
    public static final class StartProblem extends Exception {
        private static final long serialVersionUID = 1L;
        private final String title;

        public StartProblem(String title, String message) {
            super(message);
            this.title = title;
        }

        public String title() {
            return title;
        }
    }
}
