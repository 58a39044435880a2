package org.opencdp.batch.identity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.opencdp.batch.identity.Resolved.ClusterResult;
import org.opencdp.batch.identity.Resolved.ComponentResult;
import org.opencdp.batch.identity.Resolved.QuarantineResult;
import org.opencdp.identity.edge.IdentityEdge;
import scala.Tuple3;

import static java.util.Objects.requireNonNull;

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
        private final Dataset<ComponentResult> slim;
        private List<ComponentResult> components;

        private InSpark(IdentityPipeline.Outcome outcome)
        {
            this.outcome = requireNonNull(outcome, "outcome is null");
            this.slim = IdentityPipeline.materialize(outcome.components()
                    .map((MapFunction<ComponentResult, ComponentResult>) ComponentResult::withoutEdges, IdentityPipeline.COMPONENT));
        }

        @Override
        public List<ComponentResult> components()
        {
            if (components == null) {
                components = slim.collectAsList();
            }
            return components;
        }

        @Override
        public List<QuarantineResult> hubs()
        {
            return outcome.quarantines().collectAsList();
        }

        @Override
        public Map<String, List<IdentityEdge>> acceptedEdges(Set<String> clusterKeys)
        {
            if (clusterKeys.isEmpty()) {
                return Map.of();
            }
            return edgesOf(outcome.components().filter((FilterFunction<ComponentResult>) component ->
                    component.clusters().stream().anyMatch(cluster -> clusterKeys.contains(cluster.clusterKey()))).collectAsList(), clusterKeys);
        }

        @Override
        public Dataset<Row> clusterRows()
        {
            return slim.flatMap((FlatMapFunction<ComponentResult, Tuple3<String, String, String>>) component -> rows(component).iterator(),
                            Encoders.tuple(Encoders.STRING(), Encoders.STRING(), Encoders.STRING()))
                    .toDF("key", "cluster_key", "component_key");
        }

        @Override
        public int ccRounds()
        {
            return outcome.ccRounds();
        }

        @Override
        public void release()
        {
            slim.unpersist();
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
                rows(component).forEach(row -> rows.add(RowFactory.create(row._1(), row._2(), row._3())));
            }
            return IdentityTables.rows(spark, rows, CLUSTER_ROWS);
        }

        @Override
        public int ccRounds()
        {
            return 0;
        }

        @Override
        public void release() {}
    }

    private static List<Tuple3<String, String, String>> rows(ComponentResult component)
    {
        List<Tuple3<String, String, String>> rows = new ArrayList<>();
        for (ClusterResult cluster : component.clusters()) {
            cluster.identifiers().forEach(key -> rows.add(new Tuple3<>(key, cluster.clusterKey(), component.componentKey())));
        }
        return rows;
    }

    private static Map<String, List<IdentityEdge>> edgesOf(List<ComponentResult> components, Set<String> clusterKeys)
    {
        Map<String, List<IdentityEdge>> edges = new HashMap<>();
        for (ComponentResult component : components) {
            for (ClusterResult cluster : component.clusters()) {
                if (clusterKeys.contains(cluster.clusterKey())) {
                    edges.put(cluster.clusterKey(), cluster.acceptedEdges().stream().map(EdgeRow::toEdge).toList());
                }
            }
        }
        return edges;
    }
}
