package teller.server.proof;

import java.time.Instant;
import java.util.List;

/** Where proof images wait to be forwarded: the only place their bytes are kept. */
public interface ProofSpool {
    /** Stores the image under a new unique name (hash, random part, extension) and returns the name. */
    String put(ProofUpload upload);

    /** The stored image, for the forwarder; null when it is gone. */
    byte[] read(String name);

    /** Removes the image; true if it was there. */
    boolean delete(String name);

    /** Every image in the spool with when it was written. */
    List<SpooledFile> list();

    record SpooledFile(String name, Instant writtenAt) {
    }
}
