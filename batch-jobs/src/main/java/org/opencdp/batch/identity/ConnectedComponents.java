package org.opencdp.batch.identity;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.min;

/**
 * Connected components of an undirected graph of {@code long} vertices with DataFrame operations only, by
 * alternating large-star and small-star rounds (Kiveris et al., "Connected Components in MapReduce and Beyond",
 * SoCC 2014): O(log^2 n) rounds, each a few shuffles, no vertex state held in one place. Every round is
 * checkpointed so that the lineage (and the query plan) does not grow with the number of rounds; the loop ends
 * when the edges form a forest of stars, each pointing at the smallest vertex of its component.
 */
public final class ConnectedComponents
{
    /** Enough for any graph: the number of rounds grows with log^2 of the vertices. */
    public static final int MAX_ROUNDS = 200;

    private ConnectedComponents() {}

    /**
     * How a run computes connected components: {@link ConnectedComponents#components} in the job; the benchmark
     * swaps in its peer ({@link MinLabelPropagation}) to time the same job with the usual warehouse algorithm.
     */
    @FunctionalInterface
    public interface Algorithm
    {
        Result components(Dataset<Row> edges);
    }

    /** What a run did: the rounds it needed. */
    public record Result(Dataset<Row> roots, int rounds) {}

    /**
     * @param edges columns {@code src}, {@code dst} (long); direction, duplicates and self loops do not matter
     * @return columns {@code vertex}, {@code root}: every vertex of {@code edges} with the smallest vertex of its
     *     component (a root maps to itself)
     */
    public static Result components(Dataset<Row> edges)
    {
        Dataset<Row> current = cut(edges.where(col("src").notEqual(col("dst")))
                .select(greatest(col("src"), col("dst")).as("src"), least(col("src"), col("dst")).as("dst"))
                .distinct());
        int rounds = 0;
        while (!isStarForest(current)) {
            if (++rounds > MAX_ROUNDS) {
                throw new IllegalStateException("connected components did not converge in " + MAX_ROUNDS + " rounds");
            }
            Dataset<Row> next = cut(smallStar(largeStar(current)));
            current.unpersist();
            current = next;
        }
        Dataset<Row> roots = current.select(col("src").as("vertex"), col("dst").as("root"))
                .union(current.select(col("dst").as("vertex"), col("dst").as("root")).distinct());
        return new Result(roots, rounds);
    }

    // Edges are kept oriented from the larger vertex (src) to the smaller (dst).

    /** Every vertex u links each larger neighbour to the smallest vertex of u's closed neighbourhood. */
    static Dataset<Row> largeStar(Dataset<Row> edges)
    {
        Dataset<Row> neighbours = edges.select(col("src").as("u"), col("dst").as("v"))
                .union(edges.select(col("dst").as("u"), col("src").as("v")));
        Dataset<Row> smallest = neighbours.groupBy("u").agg(min("v").as("mv"))
                .select(col("u"), least(col("u"), col("mv")).as("m"));
        return edges.join(smallest, edges.col("dst").equalTo(smallest.col("u")))
                .select(col("src"), col("m").as("dst"))
                .where(col("src").notEqual(col("dst")))
                .distinct();
    }

    /** Every vertex u links itself and its smaller neighbours to the smallest of them. */
    static Dataset<Row> smallStar(Dataset<Row> edges)
    {
        Dataset<Row> smallest = edges.groupBy("src").agg(min("dst").as("m"));
        Dataset<Row> joined = edges.join(smallest, "src");
        return joined.where(col("dst").notEqual(col("m"))).select(col("dst").as("src"), col("m").as("dst"))
                .union(smallest.select(col("src"), col("m").as("dst")))
                .distinct();
    }

    /** Every source has one target and no target is a source: each component is a star around its minimum. */
    static boolean isStarForest(Dataset<Row> edges)
    {
        boolean oneTargetEach = edges.groupBy("src").count().where(col("count").gt(1)).isEmpty();
        return oneTargetEach && edges.select(col("dst").as("v")).intersect(edges.select(col("src").as("v"))).isEmpty();
    }

    private static Dataset<Row> cut(Dataset<Row> edges)
    {
        // a reliable checkpoint when the session has a checkpoint directory (clusters), else a local one
        if (edges.sparkSession().sparkContext().getCheckpointDir().isDefined()) {
            return edges.checkpoint(true);
        }
        return edges.localCheckpoint(true);
    }
}
