package org.opencdp.ingestion.collector;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.opencdp.schemas.contract.Contract;

/**
 * A write key as stored: its id, the SHA-256 of the key (the key itself is never stored), the sources it may send,
 * and when it was created and revoked.
 */
public record WriteKey(String id, String sha256, Set<Contract> sources, Instant createdAt, Optional<Instant> revokedAt) {
    public WriteKey {
        requireNonNull(id, "id is null");
        requireNonNull(sha256, "sha256 is null");
        sources = Set.copyOf(requireNonNull(sources, "sources is null"));
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(revokedAt, "revokedAt is null");
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("Write key " + id + " has no source");
        }
        for (Contract source : sources) {
            if (!source.isEvent()) {
                throw new IllegalArgumentException("Write key " + id + ": " + source.sourceName() + " is not an event source");
            }
        }
    }

    public boolean revoked() {
        return revokedAt.isPresent();
    }

    public boolean maySend(Contract source) {
        return sources.contains(source);
    }

    /** Source names, sorted, e.g. {@code app,consent}. */
    public String sourceNames() {
        return sources.stream().map(Contract::sourceName).sorted().collect(Collectors.joining(","));
    }
}
