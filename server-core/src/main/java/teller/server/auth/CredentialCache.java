package teller.server.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Briefly remembers what a bearer credential (by its SHA-256, never the secret) resolved to, so an
 * API call does not always cost a query. Entries live {@code ttl}; a full cache is simply emptied
 * (bounded memory, no eviction bookkeeping). Callers evict on logout, revoke and role changes.
 *
 * <p>A miss is single-flight per credential ({@link #resolve}): when an entry runs out while many
 * requests carry the same token, one of them asks the database and the others wait for its answer,
 * so the refresh and its recorded use (a durable UPDATE of one row) happen once, not once per
 * concurrent request (decision 0210).
 */
final class CredentialCache<V> {
    private final int sizeMax;
    private final Duration ttl;
    private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Optional<V>>> loading = new ConcurrentHashMap<>();

    private record Entry<V>(V value, Instant validUntil) {
    }

    /**
     * What {@link #resolve} came to: the value (empty: unknown or no longer valid) and whether this
     * caller loaded it, and so owes what follows a load (recording the credential's use).
     */
    record Resolved<V>(Optional<V> value, boolean loaded) {
    }

    CredentialCache(int sizeMax, Duration ttl) {
        this.sizeMax = sizeMax;
        this.ttl = ttl;
    }

    /** The value cached for {@code hash} if its entry is fresh at {@code now} and {@code stillValid} holds. */
    Optional<V> get(String hash, Instant now, Predicate<V> stillValid) {
        Entry<V> entry = entries.get(hash);
        if (entry != null && entry.validUntil().isAfter(now) && stillValid.test(entry.value())) {
            return Optional.of(entry.value());
        }
        return Optional.empty();
    }

    /**
     * The cached value, or on a miss the value {@code load} reads, cached when present and evicted
     * when empty. Concurrent misses on one {@code hash} share one load: the first caller runs it
     * (and gets {@code loaded = true}), the others wait for its answer; a load's failure is every
     * waiter's failure, and the next miss tries again.
     */
    Resolved<V> resolve(String hash, Instant now, Predicate<V> stillValid, Supplier<Optional<V>> load) {
        Optional<V> cached = get(hash, now, stillValid);
        if (cached.isPresent()) {
            return new Resolved<>(cached, false);
        }
        CompletableFuture<Optional<V>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<V>> running = loading.putIfAbsent(hash, mine);
        if (running != null) {
            return new Resolved<>(await(running), false);
        }
        try {
            // A load that ended between the miss above and taking the slot has filled the entry.
            cached = get(hash, now, stillValid);
            if (cached.isPresent()) {
                mine.complete(cached);
                return new Resolved<>(cached, false);
            }
            Optional<V> loaded = load.get();
            if (loaded.isPresent()) {
                put(hash, loaded.get(), now);
            } else {
                remove(hash);
            }
            mine.complete(loaded);
            return new Resolved<>(loaded, true);
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(hash, mine);
        }
    }

    private static <V> Optional<V> await(CompletableFuture<Optional<V>> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    void put(String hash, V value, Instant now) {
        if (entries.size() >= sizeMax) {
            entries.clear();
        }
        entries.put(hash, new Entry<>(value, now.plus(ttl)));
    }

    void remove(String hash) {
        entries.remove(hash);
    }

    void removeIf(Predicate<V> matches) {
        entries.values().removeIf(entry -> matches.test(entry.value()));
    }
}
