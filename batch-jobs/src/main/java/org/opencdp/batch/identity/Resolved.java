package org.opencdp.batch.identity;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.opencdp.identity.cluster.Cluster;
import org.opencdp.identity.cluster.ConflictRecord;
import org.opencdp.identity.cluster.ResolvedComponent;
import org.opencdp.identity.edge.IdentifierKey;

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
        /** The core's resolution of a component, with each clustered identifier's first observation (epoch milliseconds). */
        public static ComponentResult of(IdentifierKey componentKey, ResolvedComponent resolved, Function<IdentifierKey, Long> firstSeen)
        {
            List<ClusterResult> clusters = new ArrayList<>();
            for (Cluster cluster : resolved.clusters()) {
                clusters.add(new ClusterResult(
                        cluster.clusterKey().toString(),
                        cluster.identifiers().stream().map(IdentifierKey::toString).toList(),
                        cluster.identifiers().stream().map(firstSeen).toList(),
                        cluster.acceptedEdges().stream().map(EdgeRow::of).toList()));
            }
            List<ConflictResult> conflicts = new ArrayList<>();
            for (ConflictRecord conflict : resolved.conflicts()) {
                conflicts.add(new ConflictResult(EdgeRow.of(conflict.edge()), conflict.limitedType().name(), conflict.limit(),
                        conflict.leftValues().stream().map(IdentifierKey::toString).toList(),
                        conflict.rightValues().stream().map(IdentifierKey::toString).toList(),
                        conflict.observations()));
            }
            return new ComponentResult(componentKey.toString(), clusters, conflicts);
        }

        /** The component without its clusters' accepted edges, which member ids need only where earlier ids merge. */
        public ComponentResult withoutEdges()
        {
            return new ComponentResult(componentKey, clusters.stream()
                    .map(cluster -> new ClusterResult(cluster.clusterKey(), cluster.identifiers(), cluster.firstSeen(), List.of()))
                    .toList(), conflicts);
        }
    }
}
