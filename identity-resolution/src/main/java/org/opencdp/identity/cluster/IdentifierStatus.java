package org.opencdp.identity.cluster;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.opencdp.identity.edge.IdentifierKey;

/**
 * What the rules decided about one identifier from its own edges alone. Because it depends only on the edges
 * that touch the identifier, an engine computes it with one group-by on the identifier, and an incremental run
 * only re-evaluates the identifiers its new edges touch.
 *
 * @param exclusion why it belongs to no member, or null when it is usable
 * @param quarantine evidence when {@code exclusion} is {@link Exclusion#HUB}
 * @param takeoverAt for a recyclable identifier: time of the verified observation that took it over from an
 *        earlier owner; its edges observed before that no longer link anything. Null when never taken over.
 * @param firstSeen earliest observation of the identifier on any edge
 */
public record IdentifierStatus(IdentifierKey key, Exclusion exclusion, Quarantine quarantine, Instant takeoverAt, Instant firstSeen) {
    public IdentifierStatus {
        requireNonNull(key, "key is null");
        requireNonNull(firstSeen, "firstSeen is null");
        if ((exclusion == Exclusion.HUB) != (quarantine != null)) {
            throw new IllegalArgumentException("quarantine evidence must be present exactly when %s is a hub".formatted(key));
        }
    }

    public boolean excluded() {
        return exclusion != null;
    }

    public Optional<Quarantine> quarantineRecord() {
        return Optional.ofNullable(quarantine);
    }

    public Optional<Instant> takeover() {
        return Optional.ofNullable(takeoverAt);
    }
}
