package org.opencdp.identity.graph;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import org.opencdp.identity.edge.IdentifierKey;

/** A member: its stable id, when it was created (event time), its cluster key and identifiers (sorted). */
public record Member(String memberId, Instant createdAt, IdentifierKey clusterKey, List<IdentifierKey> identifiers) {
    public Member {
        requireNonNull(memberId, "memberId is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(clusterKey, "clusterKey is null");
        identifiers = List.copyOf(identifiers);
    }
}
