package org.opencdp.identity.cluster;

import static java.util.Objects.requireNonNull;

import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;

/**
 * An edge the rules removed before clustering, with the identifier responsible (null for a bad or self edge)
 * and a human-readable detail.
 */
public record DroppedEdge(IdentityEdge edge, DropReason reason, IdentifierKey because, String detail) {
    public DroppedEdge {
        requireNonNull(edge, "edge is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(detail, "detail is null");
    }
}
