package org.opencdp.identity.ids;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;

/**
 * A member id retired by a merge: it now means {@code memberId}. Keeps the retired member's creation time and
 * founding identifier, so that an unmerge can bring the id back, and the cause: the newest accepted edge on the
 * path that joined the two (null only when both had the same founding identifier), whose time is {@code mergedAt}.
 */
public record AliasRecord(String aliasId, String memberId, Instant aliasCreatedAt, IdentifierKey aliasAnchor, Instant mergedAt, IdentityEdge cause) {
    public AliasRecord {
        requireNonNull(aliasId, "aliasId is null");
        requireNonNull(memberId, "memberId is null");
        requireNonNull(aliasCreatedAt, "aliasCreatedAt is null");
        requireNonNull(aliasAnchor, "aliasAnchor is null");
        requireNonNull(mergedAt, "mergedAt is null");
        if (aliasId.equals(memberId)) {
            throw new IllegalArgumentException("member id %s cannot be an alias of itself".formatted(aliasId));
        }
    }

    public Optional<IdentityEdge> causeEdge() {
        return Optional.ofNullable(cause);
    }
}
