package org.opencdp.identity.cluster;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.schemas.avro.IdentifierType;

/**
 * A hub identifier taken out of the graph, with its evidence: the neighbour type whose distinct count went over
 * the threshold (the largest overflow, ties by type name), that count, the threshold, and sample edges (the
 * earliest by the canonical order, one per neighbour).
 */
public record Quarantine(IdentifierKey hub, IdentifierType neighbourType, int distinctNeighbours, int threshold, List<IdentityEdge> sampleEdges) {
    public Quarantine {
        requireNonNull(hub, "hub is null");
        requireNonNull(neighbourType, "neighbourType is null");
        sampleEdges = List.copyOf(requireNonNull(sampleEdges, "sampleEdges is null"));
    }
}
