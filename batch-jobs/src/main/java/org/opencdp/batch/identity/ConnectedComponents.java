package org.opencdp.batch.identity;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.opencdp.identity.cluster.UnionFind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

/**
 * Connected components of an undirected graph of {@code long} vertices with DataFrame operations only, by
 * alternating large-star and small-star rounds (Kiveris et al., "Connected Components in MapReduce and Beyond",
 * SoCC 2014): O(log^2 n) rounds, each a few shuffles, no vertex state held in one place. Every round is
 * checkpointed so that the lineage (and the query plan) does not grow with the number of rounds. After each
 * round the components that have become stars around their smallest vertex are set aside, so that later rounds
 * only process the components not converged yet (in an identity graph, the few long chains); the loop ends when
 * none is left, or when what is left is small enough for a union-find on the driver.
 */
public final class ConnectedComponents
{
    /** Enough for any graph: the number of rounds grows with log^2 of the vertices. */
    public static final int MAX_ROUNDS = 200;

    /** What the job leaves to the driver: 2,000,000 edges, 32 MiB of vertices there and a second of union-find. */
    public static final long LOCAL_EDGES = 2_000_000;

    /** Vertices per slice of the driver's result shipped to the executors. */
    private static final int SLICE = 65_536;

    private static final Logger LOG = LoggerFactory.getLogger(ConnectedComponents.class);

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

    /** What a run did: every vertex's root, the rounds it needed, and the materialized stages the roots are read from. */
    public record Result(Dataset<Row> roots, int rounds, List<Dataset<Row>> stages)
    {
        public Result
        {
            stages = List.copyOf(stages);
        }

        /** Frees the stages, once the roots have been read. */
        public void release()
        {
            stages.forEach(IdentityPipeline::release);
        }
    }

    /**
     * @param edges columns {@code src}, {@code dst} (long); direction, duplicates and self loops do not matter
     * @return columns {@code vertex}, {@code root}: every vertex of {@code edges} with the smallest vertex of its
     *     component (a root maps to itself)
     */
    public static Result components(Dataset<Row> edges)
    {
        return components(edges, LOCAL_EDGES);
    }

    /**
     * @param localEdges once no more edges than this are left to process, the rest is done on the driver with a
     *     plain union-find (no more Spark rounds, each of which costs about a second whatever its size); 0 for
     *     rounds only
     */
    public static Result components(Dataset<Row> edges, long localEdges)
    {
        // repeated edges stay: the first round's groupings absorb them, where a distinct would cost a shuffle
        Dataset<Row> active = IdentityPipeline.materialize(edges.where(col("src").notEqual(col("dst")))
                .select(greatest(col("src"), col("dst")).as("src"), least(col("src"), col("dst")).as("dst")));
        List<Dataset<Row>> finished = new ArrayList<>();
        List<Dataset<Row>> stages = new ArrayList<>(List.of(active));
        int rounds = 0;
        long left = active.count();
        while (left > 0) {
            if (left <= localEdges) {
                LOG.info("connected components: the last {} edges after {} rounds on the driver", left, rounds);
                finished.add(onDriver(active));
                break;
            }
            if (++rounds > MAX_ROUNDS) {
                throw new IllegalStateException("connected components did not converge in " + MAX_ROUNDS + " rounds");
            }
            Dataset<Row> round = IdentityPipeline.materialize(smallStar(largeStar(active)));
            Dataset<Row> marked = IdentityPipeline.materialize(markFinished(round));
            IdentityPipeline.release(round);
            // the round's input: materialized for the first round, a filter of the last marked edges after it
            IdentityPipeline.release(active);
            stages.add(marked);
            finished.add(marked.where(col("finished")).select(col("vertex"), col("key").as("root")));
            active = marked.where(not(col("finished")).and(col("edge"))).select(col("vertex").as("src"), col("key").as("dst"));
            left = active.count();
            LOG.info("connected components: {} edges left after round {}", left, rounds);
        }
        Dataset<Row> roots = finished.stream().reduce(Dataset::union)
                .orElseGet(() -> edges.select(col("src").as("vertex"), col("dst").as("root")).limit(0));
        return new Result(roots, rounds, stages);
    }

    private static Dataset<Row> onDriver(Dataset<Row> edges)
    {
        List<Row> rows = edges.collectAsList();
        long[] from = new long[rows.size()];
        long[] to = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            from[i] = rows.get(i).getLong(0);
            to[i] = rows.get(i).getLong(1);
        }
        UnionFind.Components components = UnionFind.smallestOfComponents(from, to);
        // to the executors as arrays of (vertex, root) pairs: a million rows shipped as Row objects take seconds
        List<long[]> slices = new ArrayList<>();
        for (int start = 0; start < components.size(); start += SLICE) {
            int end = Math.min(components.size(), start + SLICE);
            long[] slice = new long[2 * (end - start)];
            for (int i = start; i < end; i++) {
                slice[2 * (i - start)] = components.vertices()[i];
                slice[2 * (i - start) + 1] = components.roots()[i];
            }
            slices.add(slice);
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(edges.sparkSession().sparkContext());
        JavaRDD<Row> roots = context.parallelize(slices, Math.max(1, Math.min(slices.size(), context.defaultParallelism())))
                .flatMap(slice -> {
                    List<Row> pairs = new ArrayList<>(slice.length / 2);
                    for (int i = 0; i < slice.length; i += 2) {
                        pairs.add(RowFactory.create(slice[i], slice[i + 1]));
                    }
                    return pairs.iterator();
                });
        StructType schema = new StructType().add("vertex", DataTypes.LongType, false).add("root", DataTypes.LongType, false);
        return edges.sparkSession().createDataFrame(roots, schema);
    }

    /**
     * Marks the edges of finished components: stars around their smallest vertex (a root with no out-edge, whose
     * in-neighbours each have that one out-edge and no in-edge), which no later round can change. Each row is an
     * edge {@code vertex -> key} ({@code edge}) or a root ({@code vertex = key}), with {@code finished} set on
     * every row of a finished component; the rest are the edges later rounds still have to process. Two window
     * passes: both ends of every edge by vertex (its out-edges and ends counted; a vertex without out-edge gives
     * one root row), then every row by its key.
     */
    static Dataset<Row> markFinished(Dataset<Row> edges)
    {
        Dataset<Row> ends = edges.select(col("src").as("v"), col("dst").as("target"))
                .union(edges.select(col("dst").as("v"), lit(null).cast(DataTypes.LongType).as("target")));
        WindowSpec byVertex = Window.partitionBy("v").orderBy("target");
        WindowSpec vertex = byVertex.rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
        Dataset<Row> rows = ends.select(col("v"), col("target"), count(col("target")).over(vertex).as("outs"),
                        count(lit(1)).over(vertex).as("ends"), row_number().over(byVertex).as("n"))
                .where(col("target").isNotNull().or(col("outs").equalTo(0).and(col("n").equalTo(1))))
                .select(col("v").as("vertex"), coalesce(col("target"), col("v")).as("key"), col("target").isNotNull().as("edge"),
                        col("target").isNull().or(col("ends").equalTo(1)).as("clean"));
        WindowSpec component = Window.partitionBy("key");
        Column allClean = min(when(col("clean"), 1).otherwise(0)).over(component).equalTo(1);
        Column hasRoot = max(when(col("edge"), 0).otherwise(1)).over(component).equalTo(1);
        return rows.withColumn("finished", allClean.and(hasRoot));
    }

    // Edges are kept oriented from the larger vertex (src) to the smaller (dst).

    /**
     * Every vertex u links each larger neighbour to the smallest vertex of u's closed neighbourhood: both
     * directions of the edges partitioned by vertex, that smallest vertex a window minimum over each partition.
     * (A window sorts the rows once; a grouping that collects each vertex's neighbours into a list falls back to
     * sorting on both sides of its shuffle, and builds an array per vertex.)
     */
    static Dataset<Row> largeStar(Dataset<Row> edges)
    {
        Dataset<Row> neighbours = edges.select(col("src").as("u"), col("dst").as("v"))
                .union(edges.select(col("dst").as("u"), col("src").as("v")));
        return neighbours.withColumn("m", least(col("u"), min("v").over(Window.partitionBy("u"))))
                .where(col("v").gt(col("u")))
                .select(col("v").as("src"), col("m").as("dst"));
    }

    /**
     * Every vertex u links itself and its smaller neighbours to the smallest of them: the edges partitioned by
     * their larger end, that smallest a window minimum; each edge gives both links, the repeated ones removed.
     */
    static Dataset<Row> smallStar(Dataset<Row> edges)
    {
        Dataset<Row> withMin = edges.withColumn("m", min("dst").over(Window.partitionBy("src")));
        Column links = array(struct(col("dst").as("src"), col("m").as("dst")), struct(col("src"), col("m").as("dst")));
        return withMin.select(explode(links).as("edge"))
                .select(col("edge.src").as("src"), col("edge.dst").as("dst"))
                .where(col("src").notEqual(col("dst")))
                .distinct();
    }
}
