package org.opencdp.ingestion.collector;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per write key: {@code burst} requests at once, refilled at {@code perSecond}. A misbehaving
 * client then slows only itself, and the collector's capacity is shared between sources. Thread-safe.
 */
final class KeyRateLimiter {
    private final double perNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    KeyRateLimiter(int perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    KeyRateLimiter(int perSecond, int burst, LongSupplier nanoTime) {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("rate limit must be at least 1/s with a burst of at least 1: %d/s, burst %d".formatted(perSecond, burst));
        }
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
    }

    /** Takes one request from the key's bucket: empty when allowed, else the seconds to wait before a retry. */
    OptionalLong tryAcquire(String keyId) {
        return buckets.computeIfAbsent(keyId, id -> new Bucket(burst, nanoTime.getAsLong())).tryAcquire();
    }

    private final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized OptionalLong tryAcquire() {
            long now = nanoTime.getAsLong();
            tokens = Math.min(burst, tokens + (now - refilledAt) * perNano);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return OptionalLong.empty();
            }
            return OptionalLong.of(Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e9)));
        }
    }
}
