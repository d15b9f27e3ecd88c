package teller.server.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Briefly remembers what a bearer credential (by its SHA-256, never the secret) resolved to, so an
 * API call does not always cost a query. Entries live {@code ttl}; a full cache is simply emptied
 * (bounded memory, no eviction bookkeeping). Callers evict on logout, revoke and role changes.
 */
final class CredentialCache<V> {
    private final int sizeMax;
    private final Duration ttl;
    private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();

    private record Entry<V>(V value, Instant validUntil) {
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
