package org.opencdp.batch.identity;

import java.math.BigDecimal;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Connected components the way a warehouse usually computes them, in Spark SQL: every vertex starts with its own
 * id as label; each round joins the labels with the edges and keeps the smallest label per vertex; the loop ends
 * when a round changes no label. It needs as many rounds as the longest shortest path from a component's
 * smallest vertex, each a join over every edge. The benchmark's peer of {@link ConnectedComponents}, with the
 * same result: every vertex mapped to the smallest vertex of its component.
 */
public final class MinLabelPropagation
{
    /** A path of this many vertices would take as many rounds: far beyond any identity graph. */
    public static final int MAX_ROUNDS = 10_000;

    private MinLabelPropagation() {}

    /**
     * @param edges columns {@code src}, {@code dst} (long)
     * @return columns {@code vertex}, {@code root}, and the rounds taken (the last one changing nothing)
     */
    public static ConnectedComponents.Result components(Dataset<Row> edges)
    {
        SparkSession spark = edges.sparkSession();
        edges.createOrReplaceTempView("mlp_edges");
        // both directions, and each vertex to itself so that it keeps its own label in the min
        Dataset<Row> adjacency = cut(spark.sql("""
                SELECT src AS v, dst AS n FROM mlp_edges WHERE src <> dst
                UNION SELECT dst AS v, src AS n FROM mlp_edges WHERE src <> dst
                UNION SELECT src AS v, src AS n FROM mlp_edges
                UNION SELECT dst AS v, dst AS n FROM mlp_edges"""));
        adjacency.createOrReplaceTempView("mlp_adjacency");
        Dataset<Row> labels = cut(spark.sql("SELECT DISTINCT v AS vertex, v AS label FROM mlp_adjacency"));
        // labels only decrease, so their sum falls exactly when some label changed
        BigDecimal total = sum(labels);
        int rounds = 0;
        while (true) {
            if (++rounds > MAX_ROUNDS) {
                throw new IllegalStateException("min-label propagation did not converge in " + rounds + " rounds");
            }
            labels.createOrReplaceTempView("mlp_labels");
            Dataset<Row> next = cut(spark.sql("""
                    SELECT a.v AS vertex, MIN(l.label) AS label
                    FROM mlp_adjacency a JOIN mlp_labels l ON a.n = l.vertex
                    GROUP BY a.v"""));
            BigDecimal nextTotal = sum(next);
            IdentityPipeline.release(labels);
            labels = next;
            if (nextTotal.compareTo(total) == 0) {
                break;
            }
            total = nextTotal;
        }
        IdentityPipeline.release(adjacency);
        spark.catalog().dropTempView("mlp_edges");
        spark.catalog().dropTempView("mlp_adjacency");
        spark.catalog().dropTempView("mlp_labels");
        return new ConnectedComponents.Result(labels.selectExpr("vertex", "label AS root"), rounds, List.of(labels));
    }

    private static BigDecimal sum(Dataset<Row> labels)
    {
        labels.createOrReplaceTempView("mlp_sum");
        BigDecimal sum = labels.sparkSession().sql("SELECT COALESCE(SUM(CAST(label AS DECIMAL(38, 0))), 0) FROM mlp_sum").first().getDecimal(0);
        labels.sparkSession().catalog().dropTempView("mlp_sum");
        return sum;
    }

    private static Dataset<Row> cut(Dataset<Row> stage)
    {
        // as in ConnectedComponents: each round's result is computed once and its lineage cut
        return IdentityPipeline.materialize(stage);
    }
}
