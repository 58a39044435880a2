package org.opencdp.batch.identity;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.opencdp.batch.identity.Resolved.ClusterResult;
import org.opencdp.batch.identity.Resolved.ComponentResult;
import org.opencdp.batch.identity.Resolved.QuarantineResult;
import org.opencdp.identity.edge.IdentityEdge;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

/**
 * What a run resolved, by the Spark stages or on the driver by the core: what member ids and the writes read of
 * it. Components resolved in Spark stay there (member ids are assigned there too, {@link SparkMemberIds}); those
 * resolved on the driver are held there, their accepted edges read only for the clusters that merge earlier ids.
 */
sealed interface Resolution
        permits Resolution.InSpark, Resolution.OnDriver
{
    /** The quarantined hubs among the run's identifiers, with their evidence. */
    List<QuarantineResult> hubs();

    /** Rounds of distributed connected components (none on the driver). */
    int ccRounds();

    /** Frees what the resolution keeps materialized. */
    void release();

    /** The outcome of the Spark stages. */
    static InSpark of(IdentityPipeline.Outcome outcome)
    {
        return new InSpark(outcome);
    }

    /** Components and hubs resolved on the driver. */
    static OnDriver of(List<ComponentResult> components, List<QuarantineResult> hubs)
    {
        return new OnDriver(components, hubs);
    }

    final class InSpark
            implements Resolution
    {
        private final IdentityPipeline.Outcome outcome;

        private InSpark(IdentityPipeline.Outcome outcome)
        {
            this.outcome = requireNonNull(outcome, "outcome is null");
        }

        /** Every component, materialized. */
        public Dataset<ComponentResult> components()
        {
            return outcome.components();
        }

        @Override
        public List<QuarantineResult> hubs()
        {
            return outcome.hubs().collectAsList().stream().map(StatusRow::quarantine).toList();
        }

        /** Every clustered identifier ({@code key}) with its cluster ({@code cluster_key}) and component ({@code component_key}). */
        public Dataset<Row> clusterRows()
        {
            return outcome.components()
                    .select(col("componentKey").as("component_key"), explode(col("clusters")).as("cluster"))
                    .select(explode(col("cluster.identifiers")).as("key"), col("cluster.clusterKey").as("cluster_key"), col("component_key"));
        }

        @Override
        public int ccRounds()
        {
            return outcome.ccRounds();
        }

        @Override
        public void release()
        {
            IdentityPipeline.release(outcome.components());
            IdentityPipeline.release(outcome.statuses());
        }
    }

    final class OnDriver
            implements Resolution
    {
        private final List<ComponentResult> components;
        private final List<QuarantineResult> hubs;

        private OnDriver(List<ComponentResult> components, List<QuarantineResult> hubs)
        {
            this.components = List.copyOf(components);
            this.hubs = List.copyOf(hubs);
        }

        /** Every component, with its clusters' accepted edges. */
        public List<ComponentResult> components()
        {
            return components;
        }

        @Override
        public List<QuarantineResult> hubs()
        {
            return hubs;
        }

        /** The accepted edges of the given clusters. */
        public Map<String, List<IdentityEdge>> acceptedEdges(Set<String> clusterKeys)
        {
            Map<String, List<IdentityEdge>> edges = new HashMap<>();
            for (ComponentResult component : components) {
                for (ClusterResult cluster : component.getClusters()) {
                    if (clusterKeys.contains(cluster.getClusterKey())) {
                        edges.put(cluster.getClusterKey(), cluster.getAcceptedEdges().stream().map(EdgeRow::toEdge).toList());
                    }
                }
            }
            return edges;
        }

        @Override
        public int ccRounds()
        {
            return 0;
        }

        @Override
        public void release() {}
    }
}
