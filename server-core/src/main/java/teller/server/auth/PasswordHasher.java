package teller.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), OWASP's recommended minimum cost.
 *
 * <p>Each hash costs 19 MiB and tens of milliseconds of a core, so at most as many run at once as
 * there are cores, and at most {@link #QUEUE_PER_CORE} per core wait for a turn (up to
 * {@link #QUEUE_WAIT}); beyond that a sign-in is refused with 503 {@code SIGN_IN_BUSY} rather than
 * let a flood of sign-ins exhaust memory or CPU (decision 0073).
 */
public final class PasswordHasher {
    public static final int PASSWORD_LENGTH_MIN = 10;
    public static final int PASSWORD_LENGTH_MAX = 200;
    private static final int MEMORY_KIB = 19_456;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    static final int QUEUE_PER_CORE = 4;
    static final java.time.Duration QUEUE_WAIT = java.time.Duration.ofSeconds(5);

    private final SecureRandom random = new SecureRandom();
    private final java.util.concurrent.Semaphore running;
    private final int waitingMax;
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();

    public PasswordHasher() {
        this(Runtime.getRuntime().availableProcessors(), QUEUE_PER_CORE * Runtime.getRuntime().availableProcessors());
    }

    /** At most {@code concurrentMax} hashes at once and {@code waitingMax} waiting. */
    public PasswordHasher(int concurrentMax, int waitingMax) {
        this.running = new java.util.concurrent.Semaphore(concurrentMax, true);
        this.waitingMax = waitingMax;
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    public boolean verify(String password, String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length != 6 || !"argon2id".equals(parts[1])) {
            return false;
        }
        int memory = 0;
        int iterations = 0;
        int parallelism = 0;
        for (String param : parts[3].split(",")) {
            String[] kv = param.split("=");
            switch (kv[0]) {
                case "m" -> memory = Integer.parseInt(kv[1]);
                case "t" -> iterations = Integer.parseInt(kv[1]);
                case "p" -> parallelism = Integer.parseInt(kv[1]);
                default -> {
                    return false;
                }
            }
        }
        byte[] salt = Base64.getDecoder().decode(parts[4]);
        byte[] expected = Base64.getDecoder().decode(parts[5]);
        byte[] actual = derive(password, salt, memory, iterations, parallelism, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /** A dummy verification so unknown usernames take as long as wrong passwords. */
    public void burnTime(String password) {
        derive(password, new byte[SALT_BYTES], MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    }

    private byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        if (!running.tryAcquire()) {
            if (waiting.incrementAndGet() > waitingMax) {
                waiting.decrementAndGet();
                throw busy();
            }
            try {
                if (!running.tryAcquire(QUEUE_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    throw busy();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw busy();
            } finally {
                waiting.decrementAndGet();
            }
        }
        try {
            return argon2(password, salt, memoryKib, iterations, parallelism, length);
        } finally {
            running.release();
        }
    }

    private static teller.server.common.OverloadedException busy() {
        return new teller.server.common.OverloadedException("SIGN_IN_BUSY",
                "too many sign-ins are being checked at the moment; try again shortly");
    }

    private static byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        var params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        var generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
