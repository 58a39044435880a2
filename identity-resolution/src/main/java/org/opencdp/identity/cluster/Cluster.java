package org.opencdp.identity.cluster;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;

/**
 * One member as the rules see it: its identifiers (sorted), its canonical key (the smallest identifier), and the
 * accepted edges that hold it together (a spanning forest: a union-find over exactly these edges rebuilds it).
 */
public record Cluster(IdentifierKey clusterKey, List<IdentifierKey> identifiers, List<IdentityEdge> acceptedEdges) {
    public Cluster {
        requireNonNull(clusterKey, "clusterKey is null");
        identifiers = List.copyOf(identifiers);
        acceptedEdges = List.copyOf(acceptedEdges);
        if (identifiers.isEmpty() || !identifiers.get(0).equals(clusterKey)) {
            throw new IllegalArgumentException("cluster key %s is not the smallest of %s".formatted(clusterKey, identifiers));
        }
    }
}
