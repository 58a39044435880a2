package org.opencdp.batch.identity;

import java.io.Serializable;
import java.util.List;

/**
 * Serializable results of the Spark stages, carried between them with Java serialization: small per key, and
 * never queried by column.
 */
public final class Resolved
{
    private Resolved() {}

    /** A quarantined hub with its evidence. */
    public record QuarantineResult(String key, String neighbourType, int distinctNeighbours, int threshold, List<EdgeRow> samples)
            implements Serializable {}

    /** One member as the rules see it, with the first observation of each identifier. */
    public record ClusterResult(String clusterKey, List<String> identifiers, List<Long> firstSeen, List<EdgeRow> acceptedEdges)
            implements Serializable {}

    /** A strong edge dropped for a limit. */
    public record ConflictResult(EdgeRow edge, String limitedType, int limit, List<String> leftValues, List<String> rightValues, int observations)
            implements Serializable {}

    /** One connected component of kept edges, resolved by the core. */
    public record ComponentResult(String componentKey, List<ClusterResult> clusters, List<ConflictResult> conflicts)
            implements Serializable {
        /** The component without its clusters' accepted edges, which member ids need only where earlier ids merge. */
        public ComponentResult withoutEdges()
        {
            return new ComponentResult(componentKey, clusters.stream()
                    .map(cluster -> new ClusterResult(cluster.clusterKey(), cluster.identifiers(), cluster.firstSeen(), List.of()))
                    .toList(), conflicts);
        }
    }
}
