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
 * Results of the Spark stages. A resolved component is a Spark bean (nested columns, as {@link EdgeRow} is), so
 * that the stages after the resolution read it by column (every clustered identifier, the components without
 * their accepted edges) and no stage serializes it object by object.
 */
public final class Resolved
{
    private Resolved() {}

    /** A quarantined hub with its evidence. */
    public record QuarantineResult(String key, String neighbourType, int distinctNeighbours, int threshold, List<EdgeRow> samples)
            implements Serializable {}

    /** One member as the rules see it, with the first observation of each identifier (epoch milliseconds, in the same order). */
    public static final class ClusterResult
            implements Serializable
    {
        private static final long serialVersionUID = 1L;

        private String clusterKey;
        private List<String> identifiers;
        private List<Long> firstSeen;
        private List<EdgeRow> acceptedEdges;

        public ClusterResult() {}

        public ClusterResult(String clusterKey, List<String> identifiers, List<Long> firstSeen, List<EdgeRow> acceptedEdges)
        {
            this.clusterKey = clusterKey;
            this.identifiers = identifiers;
            this.firstSeen = firstSeen;
            this.acceptedEdges = acceptedEdges;
        }

        public String getClusterKey() { return clusterKey; }
        public void setClusterKey(String clusterKey) { this.clusterKey = clusterKey; }
        public List<String> getIdentifiers() { return identifiers; }
        public void setIdentifiers(List<String> identifiers) { this.identifiers = identifiers; }
        public List<Long> getFirstSeen() { return firstSeen; }
        public void setFirstSeen(List<Long> firstSeen) { this.firstSeen = firstSeen; }
        public List<EdgeRow> getAcceptedEdges() { return acceptedEdges; }
        public void setAcceptedEdges(List<EdgeRow> acceptedEdges) { this.acceptedEdges = acceptedEdges; }
    }

    /** A strong edge dropped for a limit. */
    public static final class ConflictResult
            implements Serializable
    {
        private static final long serialVersionUID = 1L;

        private EdgeRow edge;
        private String limitedType;
        private int limit;
        private List<String> leftValues;
        private List<String> rightValues;
        private int observations;

        public ConflictResult() {}

        public static ConflictResult of(ConflictRecord conflict)
        {
            ConflictResult result = new ConflictResult();
            result.edge = EdgeRow.of(conflict.edge());
            result.limitedType = conflict.limitedType().name();
            result.limit = conflict.limit();
            result.leftValues = conflict.leftValues().stream().map(IdentifierKey::toString).toList();
            result.rightValues = conflict.rightValues().stream().map(IdentifierKey::toString).toList();
            result.observations = conflict.observations();
            return result;
        }

        public EdgeRow getEdge() { return edge; }
        public void setEdge(EdgeRow edge) { this.edge = edge; }
        public String getLimitedType() { return limitedType; }
        public void setLimitedType(String limitedType) { this.limitedType = limitedType; }
        public int getLimit() { return limit; }
        public void setLimit(int limit) { this.limit = limit; }
        public List<String> getLeftValues() { return leftValues; }
        public void setLeftValues(List<String> leftValues) { this.leftValues = leftValues; }
        public List<String> getRightValues() { return rightValues; }
        public void setRightValues(List<String> rightValues) { this.rightValues = rightValues; }
        public int getObservations() { return observations; }
        public void setObservations(int observations) { this.observations = observations; }
    }

    /** One connected component of kept edges, resolved by the core. */
    public static final class ComponentResult
            implements Serializable
    {
        private static final long serialVersionUID = 1L;

        private String componentKey;
        private List<ClusterResult> clusters;
        private List<ConflictResult> conflicts;

        public ComponentResult() {}

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
            ComponentResult result = new ComponentResult();
            result.componentKey = componentKey.toString();
            result.clusters = clusters;
            result.conflicts = resolved.conflicts().stream().map(ConflictResult::of).toList();
            return result;
        }

        public String getComponentKey() { return componentKey; }
        public void setComponentKey(String componentKey) { this.componentKey = componentKey; }
        public List<ClusterResult> getClusters() { return clusters; }
        public void setClusters(List<ClusterResult> clusters) { this.clusters = clusters; }
        public List<ConflictResult> getConflicts() { return conflicts; }
        public void setConflicts(List<ConflictResult> conflicts) { this.conflicts = conflicts; }
    }
}
