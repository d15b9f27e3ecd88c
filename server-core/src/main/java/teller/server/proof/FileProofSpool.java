package teller.server.proof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.security.SecureRandom;

/**
 * The spool as a directory of the server's data directory, readable only by the server's user.
 * Files are written under a temporary name and moved into place, so a reader never sees half an image.
 */
public final class FileProofSpool implements ProofSpool {
    public static final String DIRECTORY = "proof-spool";
    /** Names are generated, never taken from a client: this pattern is all the spool will touch. */
    static final Pattern NAME = Pattern.compile("[0-9a-f]{64}-[0-9a-f]{32}\\.(png|jpg|webp)");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;

    public FileProofSpool(Path dataDirectory) {
        this.directory = dataDirectory.resolve(DIRECTORY);
        try {
            Files.createDirectories(directory);
            try {
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the data directory's own ACL applies.
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the proof spool " + directory, e);
        }
    }

    public Path directory() {
        return directory;
    }

    @Override
    public String put(ProofUpload upload) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String name = upload.sha256() + "-" + HexFormat.of().formatHex(random) + "." + upload.mediaType().extension();
        Path target = directory.resolve(name);
        Path temp = directory.resolve(".tmp-" + name);
        try {
            Files.write(temp, upload.bytes());
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: inherits the directory's ACL.
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
            return name;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the orphan sweep removes it later
            }
            throw new UncheckedIOException("cannot write a proof to the spool", e);
        }
    }

    @Override
    public byte[] read(String name) {
        try {
            return Files.readAllBytes(resolve(name));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read proof " + name, e);
        }
    }

    @Override
    public boolean delete(String name) {
        try {
            return Files.deleteIfExists(resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete proof " + name, e);
        }
    }

    @Override
    public List<SpooledFile> list() {
        List<SpooledFile> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                String bare = name.startsWith(".tmp-") ? name.substring(5) : name;
                if (NAME.matcher(bare).matches()) {
                    try {
                        files.add(new SpooledFile(name, Files.getLastModifiedTime(entry).toInstant()));
                    } catch (NoSuchFileException gone) {
                        // deleted meanwhile
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the proof spool", e);
        }
        return files;
    }

    private Path resolve(String name) {
        String bare = name.startsWith(".tmp-") ? name.substring(5) : name;
        if (!NAME.matcher(bare).matches()) {
            throw new IllegalArgumentException("not a spool file name: " + name);
        }
        return directory.resolve(name);
    }
}
