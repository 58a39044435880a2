package org.opencdp.batch.identity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.opencdp.batch.identity.Resolved.ClusterResult;
import org.opencdp.batch.identity.Resolved.ComponentResult;
import org.opencdp.batch.identity.Resolved.QuarantineResult;
import org.opencdp.identity.edge.IdentityEdge;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

/**
 * What a run resolved, by the Spark stages or on the driver by the core: what member ids and the writes read of
 * it. The driver holds the clusters' identifiers either way; the accepted edges stay where they were computed
 * and are read only for the clusters that merge earlier ids.
 */
interface Resolution
{
    StructType CLUSTER_ROWS = new StructType()
            .add("key", DataTypes.StringType, false)
            .add("cluster_key", DataTypes.StringType, false)
            .add("component_key", DataTypes.StringType, false);

    /** Every component, its clusters without their accepted edges. */
    List<ComponentResult> components();

    /** The quarantined hubs among the run's identifiers, with their evidence. */
    List<QuarantineResult> hubs();

    /** The accepted edges of the given clusters. */
    Map<String, List<IdentityEdge>> acceptedEdges(Set<String> clusterKeys);

    /** Every clustered identifier with its cluster and component: {@link #CLUSTER_ROWS}. */
    Dataset<Row> clusterRows();

    /** Rounds of distributed connected components (none on the driver). */
    int ccRounds();

    /** Whether the components were resolved on the driver (a region small enough), not by the Spark stages. */
    boolean onDriver();

    /** Frees what the resolution keeps materialized. */
    void release();

    /** The outcome of the Spark stages. */
    static Resolution of(IdentityPipeline.Outcome outcome)
    {
        return new InSpark(outcome);
    }

    /** Components and hubs resolved on the driver. */
    static Resolution of(SparkSession spark, List<ComponentResult> components, List<QuarantineResult> hubs)
    {
        return new OnDriver(spark, components, hubs);
    }

    final class InSpark
            implements Resolution
    {
        private final IdentityPipeline.Outcome outcome;
        private List<ComponentResult> components;

        private InSpark(IdentityPipeline.Outcome outcome)
        {
            this.outcome = requireNonNull(outcome, "outcome is null");
        }

        @Override
        public List<ComponentResult> components()
        {
            if (components == null) {
                // the clusters' accepted edges are emptied where the components are, not sent to the driver
                Column withoutEdges = functions.transform(col("clusters"), cluster ->
                        cluster.withField("acceptedEdges", functions.filter(cluster.getField("acceptedEdges"), edge -> functions.lit(false))));
                components = outcome.components().withColumn("clusters", withoutEdges).as(IdentityPipeline.COMPONENT).collectAsList();
            }
            return components;
        }

        @Override
        public List<QuarantineResult> hubs()
        {
            return outcome.hubs().collectAsList().stream().map(StatusRow::quarantine).toList();
        }

        @Override
        public Map<String, List<IdentityEdge>> acceptedEdges(Set<String> clusterKeys)
        {
            if (clusterKeys.isEmpty()) {
                return Map.of();
            }
            return edgesOf(outcome.components().filter((FilterFunction<ComponentResult>) component ->
                    component.getClusters().stream().anyMatch(cluster -> clusterKeys.contains(cluster.getClusterKey()))).collectAsList(), clusterKeys);
        }

        @Override
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
        public boolean onDriver()
        {
            return false;
        }

        @Override
        public void release()
        {
            outcome.components().unpersist();
            outcome.statuses().unpersist();
        }
    }

    final class OnDriver
            implements Resolution
    {
        private final SparkSession spark;
        private final List<ComponentResult> components;
        private final List<QuarantineResult> hubs;

        private OnDriver(SparkSession spark, List<ComponentResult> components, List<QuarantineResult> hubs)
        {
            this.spark = requireNonNull(spark, "spark is null");
            this.components = List.copyOf(components);
            this.hubs = List.copyOf(hubs);
        }

        @Override
        public List<ComponentResult> components()
        {
            return components;
        }

        @Override
        public List<QuarantineResult> hubs()
        {
            return hubs;
        }

        @Override
        public Map<String, List<IdentityEdge>> acceptedEdges(Set<String> clusterKeys)
        {
            return edgesOf(components, clusterKeys);
        }

        @Override
        public Dataset<Row> clusterRows()
        {
            List<Row> rows = new ArrayList<>();
            for (ComponentResult component : components) {
                for (ClusterResult cluster : component.getClusters()) {
                    cluster.getIdentifiers().forEach(key -> rows.add(RowFactory.create(key, cluster.getClusterKey(), component.getComponentKey())));
                }
            }
            return IdentityTables.rows(spark, rows, CLUSTER_ROWS);
        }

        @Override
        public int ccRounds()
        {
            return 0;
        }

        @Override
        public boolean onDriver()
        {
            return true;
        }

        @Override
        public void release() {}
    }

    private static Map<String, List<IdentityEdge>> edgesOf(List<ComponentResult> components, Set<String> clusterKeys)
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
}
