package org.opencdp.batch.identity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.apache.spark.api.java.function.CoGroupFunction;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.api.java.function.ReduceFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.opencdp.batch.identity.Resolved.ClusterResult;
import org.opencdp.batch.identity.Resolved.ComponentResult;
import org.opencdp.batch.identity.Resolved.ConflictResult;
import org.opencdp.batch.identity.Resolved.QuarantineResult;
import org.opencdp.identity.cluster.Cluster;
import org.opencdp.identity.cluster.ConflictRecord;
import org.opencdp.identity.cluster.EdgeFilter;
import org.opencdp.identity.cluster.Exclusion;
import org.opencdp.identity.cluster.IdentifierAssessor;
import org.opencdp.identity.cluster.Quarantine;
import org.opencdp.identity.cluster.ResolvedComponent;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.schemas.avro.IdentifierType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;
import scala.Tuple3;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * The Spark stages of identity resolution. Every decision is the core's; Spark only groups the data so that
 * each core call sees what it needs:
 *
 * <ol>
 *   <li>statuses: hub candidates by a distinct-neighbour count per identifier and neighbour type (an
 *       aggregation, so a hub with a million edges is never held in one place), the core's hub rule on those
 *       counts ({@link IdentifierAssessor#hubNeighbourType}) with sample edges kept by a bounded top-k; every
 *       other identifier by {@link IdentifierAssessor#assess} over its edges, grouped by identifier;</li>
 *   <li>edge filter: each edge joined with the statuses of both ends, {@link EdgeFilter};</li>
 *   <li>connected components of the kept edges ({@link ConnectedComponents}, large-star/small-star);</li>
 *   <li>each component resolved by the core's {@code ComponentResolver} in a cogroup of its identifiers and
 *       kept edges.</li>
 * </ol>
 */
public final class IdentityPipeline
{
    public static final Encoder<EdgeRow> EDGE = Encoders.bean(EdgeRow.class);
    public static final Encoder<StatusRow> STATUS = Encoders.bean(StatusRow.class);
    public static final Encoder<QuarantineResult> QUARANTINE = Encoders.javaSerialization(QuarantineResult.class);
    public static final Encoder<ComponentResult> COMPONENT = Encoders.javaSerialization(ComponentResult.class);
    static final Encoder<Tuple2<String, EdgeRow>> KEYED_EDGE = Encoders.tuple(Encoders.STRING(), EDGE);

    /** Regions of at most this many identifiers are broadcast to the tasks that restrict edges to them. */
    static final long BROADCAST_KEYS = 1_000_000;

    private static final String[] EDGE_FIELDS = {"linkId", "leftType", "leftToken", "leftVerified", "rightType", "rightToken",
            "rightVerified", "rule", "source", "sourceEventId", "observedAt"};

    private static final Logger LOG = LoggerFactory.getLogger(IdentityPipeline.class);

    private IdentityPipeline() {}

    /** Logs the seconds each step of a run took (at INFO), so that a slow run shows where its time goes. */
    static final class StepLog
    {
        private final String run;
        private long last = System.nanoTime();

        StepLog(String run)
        {
            this.run = run;
        }

        void step(String step)
        {
            long now = System.nanoTime();
            LOG.info("{}: {} in {} s", run, step, String.format(Locale.ROOT, "%.1f", (now - last) / 1e9));
            last = now;
        }
    }

    /** The outcome of one pass: the statuses and hubs of the region's identifiers and its resolved components. */
    public record Outcome(Dataset<StatusRow> statuses, Dataset<QuarantineResult> quarantines, Dataset<ComponentResult> components, int ccRounds) {}

    /** The canonical key {@code TYPE:token} of the left or right end, as the core prints it. */
    public static Column leftKey()
    {
        return functions.concat(col("leftType"), functions.lit(":"), col("leftToken"));
    }

    public static Column rightKey()
    {
        return functions.concat(col("rightType"), functions.lit(":"), col("rightToken"));
    }

    /** One edge per link id; of two different observations with one id, the smaller in the core's canonical order. */
    public static Dataset<EdgeRow> dedupe(Dataset<EdgeRow> edges)
    {
        return edges.groupByKey((MapFunction<EdgeRow, String>) EdgeRow::getLinkId, Encoders.STRING())
                .reduceGroups((ReduceFunction<EdgeRow>) (a, b) -> IdentityEdge.CANONICAL.compare(a.toEdge(), b.toEdge()) <= 0 ? a : b)
                .map((MapFunction<Tuple2<String, EdgeRow>, EdgeRow>) Tuple2::_2, EDGE);
    }

    /** Each edge under both of its ends (once for a self link). */
    public static Dataset<Tuple2<String, EdgeRow>> incidence(Dataset<EdgeRow> edges)
    {
        return edges.flatMap((FlatMapFunction<EdgeRow, Tuple2<String, EdgeRow>>) edge -> {
            String left = edge.getLeftType() + ":" + edge.getLeftToken();
            String right = edge.getRightType() + ":" + edge.getRightToken();
            return left.equals(right) ? List.of(new Tuple2<>(left, edge)).iterator()
                    : List.of(new Tuple2<>(left, edge), new Tuple2<>(right, edge)).iterator();
        }, KEYED_EDGE);
    }

    /** Incidence restricted to the identifiers of {@code region} (column {@code key}). */
    public static Dataset<Tuple2<String, EdgeRow>> restrict(Dataset<Tuple2<String, EdgeRow>> incidence, Dataset<Row> region)
    {
        Dataset<Row> keys = toTasks(region);
        return incidence.join(keys, incidence.col("_1").equalTo(keys.col("key")), "left_semi").as(KEYED_EDGE);
    }

    // a region is usually a small part of the graph: sent to every task rather than shuffled with every edge
    private static Dataset<Row> toTasks(Dataset<Row> region)
    {
        return region.count() <= BROADCAST_KEYS ? functions.broadcast(region) : region;
    }

    /**
     * The links with an end among the identifiers of {@code region}, one edge per link id. Deduplicating these
     * alone is exact: a link id is a hash of both ends with the rule and source event, so every observation
     * under one id has the same ends and lies among them.
     */
    public static Dataset<EdgeRow> edgesOf(Dataset<EdgeRow> links, Dataset<Row> region)
    {
        return dedupe(restrict(incidence(links), region).map((MapFunction<Tuple2<String, EdgeRow>, EdgeRow>) Tuple2::_2, EDGE));
    }

    /**
     * Statuses of every identifier of {@code incidence}, which must hold all edges of each of them: in one pass
     * over each identifier's edges, the exclusions that need no edges (blocked, ignored type, marked bad) and the
     * quarantined hubs (few, looked up by key) with their first observation, every other identifier by the core's
     * {@link IdentifierAssessor#assess}.
     */
    public static Dataset<StatusRow> statuses(Dataset<Tuple2<String, EdgeRow>> incidence, Dataset<QuarantineResult> hubs, RuleContext context)
    {
        HashMap<String, QuarantineResult> hubOf = new HashMap<>();
        for (QuarantineResult hub : hubs.collectAsList()) {
            hubOf.put(hub.key(), new QuarantineResult(hub.key(), hub.neighbourType(), hub.distinctNeighbours(), hub.threshold(), List.of()));
        }
        return incidence.groupByKey((MapFunction<Tuple2<String, EdgeRow>, String>) Tuple2::_1, Encoders.STRING())
                .mapGroups((MapGroupsFunction<String, Tuple2<String, EdgeRow>, StatusRow>) (key, rows) -> status(context, hubOf.get(key), key, rows), STATUS);
    }

    private static StatusRow status(RuleContext context, QuarantineResult hub, String key, Iterator<Tuple2<String, EdgeRow>> rows)
    {
        IdentifierKey identifier = IdentifierKey.parse(key);
        Exclusion exclusion = context.assessor().staticExclusion(identifier, context.marks());
        if (exclusion != null || hub != null) {
            // a hub's or blocked value's edges can be many: only their first observation is kept
            long firstSeen = Long.MAX_VALUE;
            while (rows.hasNext()) {
                firstSeen = Math.min(firstSeen, rows.next()._2.getObservedAt());
            }
            return exclusion != null ? StatusRow.excluded(key, exclusion, firstSeen) : StatusRow.hub(hub, firstSeen);
        }
        List<IdentityEdge> edges = new ArrayList<>();
        rows.forEachRemaining(row -> edges.add(row._2.toEdge()));
        return StatusRow.of(context.assessor().assess(identifier, edges, context.marks()));
    }

    /**
     * The hubs among the identifiers of {@code incidence}: distinct neighbours counted per neighbour type over
     * usable edges, the core's hub rule on the counts over their thresholds, and the earliest edge per neighbour
     * kept for the evidence with a bounded top-k per hub.
     */
    public static Dataset<QuarantineResult> hubs(Dataset<Tuple2<String, EdgeRow>> incidence, RuleContext context)
    {
        Dataset<Tuple2<String, EdgeRow>> usable = incidence.filter((FilterFunction<Tuple2<String, EdgeRow>>) t -> {
            IdentifierAssessor assessor = context.assessor();
            IdentifierKey key = IdentifierKey.parse(t._1);
            return assessor.staticExclusion(key, context.marks()) == null && assessor.usableFor(key, t._2.toEdge(), context.marks());
        });
        Dataset<Row> neighbours = usable.toDF("node", "edge")
                .withColumn("other", expr("CASE WHEN concat(edge.leftType, ':', edge.leftToken) = node "
                        + "THEN concat(edge.rightType, ':', edge.rightToken) ELSE concat(edge.leftType, ':', edge.leftToken) END"))
                .withColumn("otherType", expr("substring_index(other, ':', 1)"));
        Dataset<Row> over = neighbours.groupBy("node", "otherType").agg(countDistinct("other").as("distinct"))
                .where(col("distinct").gt(thresholdOf(context, col("otherType"))));
        Dataset<Row> hubTypes = over.groupBy("node").agg(collect_list(struct(col("otherType"), col("distinct"))).as("counts"))
                .map((MapFunction<Row, Tuple3<String, String, Integer>>) row -> {
                    Map<IdentifierType, Integer> counts = new EnumMap<>(IdentifierType.class);
                    for (Row count : row.<Row>getList(1)) {
                        counts.put(IdentifierType.valueOf(count.getString(0)), (int) count.getLong(1));
                    }
                    IdentifierType type = context.assessor().hubNeighbourType(counts).orElseThrow();
                    return new Tuple3<>(row.getString(0), type.name(), counts.get(type));
                }, Encoders.tuple(Encoders.STRING(), Encoders.STRING(), Encoders.INT()))
                .toDF("hub", "hubType", "hubDistinct");
        // hubs are few (each has more distinct neighbours than a threshold): they are sent to every task
        return neighbours.join(functions.broadcast(hubTypes), neighbours.col("node").equalTo(hubTypes.col("hub")).and(neighbours.col("otherType").equalTo(hubTypes.col("hubType"))))
                .select(col("hub"), col("hubType"), col("hubDistinct"), col("edge"))
                .as(Encoders.tuple(Encoders.STRING(), Encoders.STRING(), Encoders.INT(), EDGE))
                .groupByKey((MapFunction<scala.Tuple4<String, String, Integer, EdgeRow>, String>) scala.Tuple4::_1, Encoders.STRING())
                .mapGroups((MapGroupsFunction<String, scala.Tuple4<String, String, Integer, EdgeRow>, QuarantineResult>) (hub, rows) ->
                        quarantine(context, hub, rows), QUARANTINE);
    }

    // the earliest edge per neighbour, at most hub.sample-edges of them, without holding every edge of the hub
    private static QuarantineResult quarantine(RuleContext context, String hub, Iterator<scala.Tuple4<String, String, Integer, EdgeRow>> rows)
    {
        IdentifierKey key = IdentifierKey.parse(hub);
        int limit = context.rules().hubSampleEdges();
        TreeSet<IdentityEdge> smallest = new TreeSet<>(IdentityEdge.CANONICAL);
        Map<IdentifierKey, IdentityEdge> byNeighbour = new HashMap<>();
        String type = null;
        int distinct = 0;
        while (rows.hasNext()) {
            scala.Tuple4<String, String, Integer, EdgeRow> row = rows.next();
            type = row._2();
            distinct = row._3();
            IdentityEdge edge = row._4().toEdge();
            IdentifierKey neighbour = edge.other(key).key();
            IdentityEdge existing = byNeighbour.get(neighbour);
            if (existing != null) {
                if (IdentityEdge.CANONICAL.compare(existing, edge) <= 0) {
                    continue;
                }
                smallest.remove(existing);
            }
            smallest.add(edge);
            byNeighbour.put(neighbour, edge);
            if (smallest.size() > limit) {
                IdentityEdge dropped = smallest.pollLast();
                byNeighbour.remove(dropped.other(key).key());
            }
        }
        Quarantine quarantine = context.assessor().quarantine(key, IdentifierType.valueOf(type), distinct, smallest);
        return new QuarantineResult(hub, quarantine.neighbourType().name(), quarantine.distinctNeighbours(), quarantine.threshold(),
                quarantine.sampleEdges().stream().map(EdgeRow::of).toList());
    }

    private static Column thresholdOf(RuleContext context, Column type)
    {
        Column threshold = null;
        for (IdentifierType value : IdentifierType.values()) {
            Column when = functions.when(type.equalTo(value.name()), context.rules().hubThreshold(value));
            threshold = threshold == null ? when : threshold.when(type.equalTo(value.name()), context.rules().hubThreshold(value));
        }
        return threshold.otherwise(Integer.MAX_VALUE);
    }

    /** The edges the rules keep, from the statuses of both ends; edges with an end without status are outside the region. */
    public static Dataset<EdgeRow> keptEdges(Dataset<EdgeRow> edges, Dataset<StatusRow> statuses, RuleContext context)
    {
        Dataset<Row> left = statuses.select(col("key").as("lkey"), struct(col("*")).as("lstatus"));
        Dataset<Row> right = statuses.select(col("key").as("rkey"), struct(col("*")).as("rstatus"));
        Dataset<Row> keyed = edges.toDF().withColumn("lk", leftKey()).withColumn("rk", rightKey());
        Column[] edgeFields = new Column[EDGE_FIELDS.length];
        for (int i = 0; i < EDGE_FIELDS.length; i++) {
            edgeFields[i] = col(EDGE_FIELDS[i]);
        }
        return keyed.join(left, col("lk").equalTo(col("lkey")))
                .join(right, col("rk").equalTo(col("rkey")))
                .select(struct(edgeFields).as("edge"), col("lstatus"), col("rstatus"))
                .as(Encoders.tuple(EDGE, STATUS, STATUS))
                .filter((FilterFunction<Tuple3<EdgeRow, StatusRow, StatusRow>>) t ->
                        EdgeFilter.kept(t._1().toEdge(), t._2().toStatus(), t._3().toStatus(), context.marks()))
                .map((MapFunction<Tuple3<EdgeRow, StatusRow, StatusRow>, EdgeRow>) Tuple3::_1, EDGE);
    }

    /**
     * Connected components of the kept edges over the usable identifiers, each resolved by the core.
     */
    public static Dataset<ComponentResult> resolveComponents(Dataset<EdgeRow> kept, Dataset<StatusRow> statuses, RuleContext context, int[] rounds)
    {
        return resolveComponents(kept, statuses, context, ConnectedComponents::components, rounds);
    }

    static Dataset<ComponentResult> resolveComponents(Dataset<EdgeRow> kept, Dataset<StatusRow> statuses, RuleContext context,
            ConnectedComponents.Algorithm algorithm, int[] rounds)
    {
        Dataset<Row> nodes = statuses.where(col("exclusion").isNull())
                .select(col("key"), col("firstSeen"))
                .withColumn("vertex", xxhash64(col("key")));
        Dataset<Row> keyedEdges = kept.toDF().withColumn("lk", leftKey());
        // identifiers hash to long vertices; a hash collision only joins two components into one group, which the
        // resolver handles as the two components it is
        Dataset<Row> ccEdges = keyedEdges.select(xxhash64(col("lk")).as("src"), xxhash64(rightKey()).as("dst"));
        StepLog log = new StepLog("connected components");
        ConnectedComponents.Result cc = algorithm.components(ccEdges);
        log.step(cc.rounds() + " rounds");
        rounds[0] = cc.rounds();
        Dataset<Row> roots = cc.roots();
        Dataset<Row> nodeRoots = nodes.join(roots, nodes.col("vertex").equalTo(roots.col("vertex")), "left")
                .select(col("key"), col("firstSeen"), coalesce(roots.col("root"), nodes.col("vertex")).as("root"));
        Dataset<Tuple3<Long, String, Long>> nodesByRoot = nodeRoots.select(col("root"), col("key"), col("firstSeen"))
                .as(Encoders.tuple(Encoders.LONG(), Encoders.STRING(), Encoders.LONG()));
        Column[] edgeFields = new Column[EDGE_FIELDS.length];
        for (int i = 0; i < EDGE_FIELDS.length; i++) {
            edgeFields[i] = keyedEdges.col(EDGE_FIELDS[i]);
        }
        Dataset<Tuple2<Long, EdgeRow>> edgesByRoot = keyedEdges.join(nodeRoots, keyedEdges.col("lk").equalTo(nodeRoots.col("key")))
                .select(col("root"), struct(edgeFields))
                .as(Encoders.tuple(Encoders.LONG(), EDGE));
        return nodesByRoot.groupByKey((MapFunction<Tuple3<Long, String, Long>, Long>) Tuple3::_1, Encoders.LONG())
                .cogroup(edgesByRoot.groupByKey((MapFunction<Tuple2<Long, EdgeRow>, Long>) Tuple2::_1, Encoders.LONG()),
                        (CoGroupFunction<Long, Tuple3<Long, String, Long>, Tuple2<Long, EdgeRow>, ComponentResult>) (root, nodeRows, edgeRows) ->
                                resolve(context, nodeRows, edgeRows),
                        COMPONENT);
    }

    private static Iterator<ComponentResult> resolve(RuleContext context, Iterator<Tuple3<Long, String, Long>> nodeRows, Iterator<Tuple2<Long, EdgeRow>> edgeRows)
    {
        Map<IdentifierKey, Long> firstSeen = new HashMap<>();
        nodeRows.forEachRemaining(row -> firstSeen.put(IdentifierKey.parse(row._2()), row._3()));
        if (firstSeen.isEmpty()) {
            return List.<ComponentResult>of().iterator();
        }
        List<IdentityEdge> edges = new ArrayList<>();
        edgeRows.forEachRemaining(row -> edges.add(row._2().toEdge()));
        ResolvedComponent resolved = context.resolver().resolve(firstSeen.keySet(), edges);
        List<ClusterResult> clusters = new ArrayList<>();
        for (Cluster cluster : resolved.clusters()) {
            clusters.add(new ClusterResult(
                    cluster.clusterKey().toString(),
                    cluster.identifiers().stream().map(IdentifierKey::toString).toList(),
                    cluster.identifiers().stream().map(firstSeen::get).toList(),
                    cluster.acceptedEdges().stream().map(EdgeRow::of).toList()));
        }
        List<ConflictResult> conflicts = new ArrayList<>();
        for (ConflictRecord conflict : resolved.conflicts()) {
            conflicts.add(new ConflictResult(EdgeRow.of(conflict.edge()), conflict.limitedType().name(), conflict.limit(),
                    conflict.leftValues().stream().map(IdentifierKey::toString).toList(),
                    conflict.rightValues().stream().map(IdentifierKey::toString).toList(),
                    conflict.observations()));
        }
        String componentKey = firstSeen.keySet().stream().min(Comparator.naturalOrder()).orElseThrow().toString();
        return List.of(new ComponentResult(componentKey, clusters, conflicts)).iterator();
    }

    /**
     * Computes a stage once and cuts its lineage: later stages then plan against the materialized rows instead
     * of re-planning (and re-running) the chain of scans and joins behind them. A reliable checkpoint when the
     * session has a checkpoint directory (clusters), else a local one.
     */
    public static <T> Dataset<T> materialize(Dataset<T> stage)
    {
        if (stage.sparkSession().sparkContext().getCheckpointDir().isDefined()) {
            return stage.checkpoint(true);
        }
        return stage.localCheckpoint(true);
    }

    /** Statuses, hubs, kept edges and resolved components of the identifiers whose edges {@code incidence} holds. */
    public static Outcome run(Dataset<EdgeRow> edges, Dataset<Tuple2<String, EdgeRow>> incidence, RuleContext context)
    {
        return run(edges, incidence, context, ConnectedComponents::components);
    }

    static Outcome run(Dataset<EdgeRow> edges, Dataset<Tuple2<String, EdgeRow>> incidence, RuleContext context, ConnectedComponents.Algorithm algorithm)
    {
        StepLog log = new StepLog("stages");
        Dataset<QuarantineResult> hubs = materialize(hubs(incidence, context));
        log.step("hubs");
        Dataset<StatusRow> statuses = materialize(statuses(incidence, hubs, context));
        log.step("statuses");
        Dataset<EdgeRow> kept = materialize(keptEdges(edges, statuses, context));
        log.step("kept edges");
        int[] rounds = new int[1];
        Dataset<ComponentResult> components = materialize(resolveComponents(kept, statuses, context, algorithm, rounds));
        log.step("connected components and per-component resolution");
        return new Outcome(statuses, hubs, components, rounds[0]);
    }
}
