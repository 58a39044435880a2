package org.opencdp.identity.cluster;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;

/**
 * How a group of weak identifiers (linked to each other by weak-weak edges, e.g. a phone's OAID and Android id)
 * was attached to a member: the chosen edge, the member's cluster key, and the other members it was also seen
 * with (by cluster key), which it was not attached to.
 */
public record WeakAttachment(IdentifierKey groupKey, List<IdentifierKey> weakIdentifiers, IdentityEdge edge, IdentifierKey clusterKey, List<IdentifierKey> otherCandidates) {
    public WeakAttachment {
        requireNonNull(groupKey, "groupKey is null");
        weakIdentifiers = List.copyOf(weakIdentifiers);
        requireNonNull(edge, "edge is null");
        requireNonNull(clusterKey, "clusterKey is null");
        otherCandidates = List.copyOf(otherCandidates);
    }
}
