package org.opencdp.batch.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeSet;

import org.apache.spark.api.java.function.CoGroupFunction;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.functions;
import org.opencdp.batch.identity.Resolved.ComponentResult;
import org.opencdp.identity.cluster.EdgeFilter;
import org.opencdp.identity.cluster.Exclusion;
import org.opencdp.identity.cluster.IdentifierAssessor;
import org.opencdp.identity.cluster.IdentifierStatus;
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
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * The Spark stages of identity resolution. Every decision is the core's; Spark only groups the data so that
 * each core call sees what it needs:
 *
 * <ol>
 *   <li>statuses: each identifier's edges brought together sorted by neighbour, and read once: distinct
 *       neighbours counted per type for the core's hub rule ({@link IdentifierAssessor#hubNeighbourType}) with
 *       the evidence kept by a bounded top-k, so a hub with a million edges is never held in one place; every
 *       other identifier by {@link IdentifierAssessor#assess} over its edges;</li>
 *   <li>edge filter: each edge with the statuses of its ends that have an exclusion or a takeover,
 *       {@link EdgeFilter};</li>
 *   <li>connected components of the kept edges ({@link ConnectedComponents}, large-star/small-star);</li>
 *   <li>each component resolved by the core's {@code ComponentResolver} in a cogroup of its identifiers and
 *       kept edges.</li>
 * </ol>
 */
public final class IdentityPipeline
{
    public static final Encoder<EdgeRow> EDGE = Encoders.bean(EdgeRow.class);
    public static final Encoder<StatusRow> STATUS = Encoders.bean(StatusRow.class);
    public static final Encoder<ComponentResult> COMPONENT = Encoders.bean(ComponentResult.class);
    static final Encoder<Tuple2<String, EdgeRow>> KEYED_EDGE = Encoders.tuple(Encoders.STRING(), EDGE);

    /** Regions of at most this many identifiers are broadcast to the tasks that restrict edges to them. */
    static final long BROADCAST_KEYS = 1_000_000;

    /** Connected components of at most this many vertices are broadcast as a vertex-to-root table (16 bytes a vertex). */
    static final long BROADCAST_ROOTS = 16_000_000;

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

        /** A log of the same run timing from now, for a step on another thread. */
        StepLog fromNow()
        {
            return new StepLog(run);
        }
    }

    /** The outcome of one pass: the statuses and hubs of the region's identifiers and its resolved components. */
    public record Outcome(Dataset<StatusRow> statuses, Dataset<ComponentResult> components, int ccRounds)
    {
        /** The statuses of the quarantined hubs, with their evidence. */
        public Dataset<StatusRow> hubs()
        {
            return statuses.where(col("exclusion").equalTo(Exclusion.HUB.name()));
        }
    }

    /** The canonical key {@code TYPE:token} of the left or right end, as the core prints it. */
    public static Column leftKey()
    {
        return functions.concat(col("leftType"), functions.lit(":"), col("leftToken"));
    }

    public static Column rightKey()
    {
        return functions.concat(col("rightType"), functions.lit(":"), col("rightToken"));
    }

    /** The type and the token of the canonical keys of column {@code key} (split at the first colon, as the core parses them). */
    public static Column keyType(String key)
    {
        return functions.substring_index(col(key), ":", 1);
    }

    public static Column keyToken(String key)
    {
        return expr("substr(%s, instr(%s, ':') + 1)".formatted(key, key));
    }

    /**
     * One edge per link id; of two different observations with one id, the smallest in the core's canonical
     * order ({@link IdentityEdge#CANONICAL}, which compares every field, so the choice never depends on order).
     * An aggregation on the link id, whose order is that comparator's written as a struct.
     */
    public static Dataset<EdgeRow> dedupe(Dataset<EdgeRow> edges)
    {
        Column left = struct(col("leftType").as("type"), col("leftToken").as("token"));
        Column right = struct(col("rightType").as("type"), col("rightToken").as("token"));
        Column canonical = struct(col("observedAt"), least(left, right), greatest(left, right), col("linkId"), col("rule"), col("source"),
                col("sourceEventId"), col("leftVerified"), col("rightVerified"), left, struct(edgeFields()).as("edge"));
        return edges.groupBy(col("linkId").as("id")).agg(min(canonical).as("first")).select(col("first.edge.*")).as(EDGE);
    }

    /**
     * One edge per link id, materialized, as {@link #dedupe} chooses it. A link id is seldom seen twice (an event
     * delivered again): the ids seen more than once are found by a hash aggregation on the id alone, and only
     * their observations go through the choice, which sorts.
     */
    public static Dataset<EdgeRow> distinctLinks(Dataset<EdgeRow> links)
    {
        return distinctObservations(materialize(links));
    }

    /** {@link #distinctLinks} of observations already materialized (as {@link #linksOf} gives them), which it takes over. */
    static Dataset<EdgeRow> distinctObservations(Dataset<EdgeRow> all)
    {
        Dataset<Row> repeated = materialize(all.groupBy(col("linkId").as("repeatedId")).count().where(col("count").gt(1)).select(col("repeatedId")));
        if (repeated.isEmpty()) {
            release(repeated);
            return all;
        }
        Dataset<Row> ids = toTasks(repeated);
        Dataset<EdgeRow> once = all.join(ids, col("linkId").equalTo(col("repeatedId")), "left_anti").as(EDGE);
        Dataset<EdgeRow> chosen = dedupe(all.join(ids, col("linkId").equalTo(col("repeatedId")), "left_semi").as(EDGE));
        Dataset<EdgeRow> distinct = materialize(once.toDF().unionByName(chosen.toDF()).as(EDGE));
        release(all);
        release(repeated);
        return distinct;
    }

    /** Each edge under both of its ends (once for a self link), in column operations rather than Java objects. */
    public static Dataset<Tuple2<String, EdgeRow>> incidence(Dataset<EdgeRow> edges)
    {
        Dataset<Row> rows = edges.toDF();
        Column edge = struct(edgeFields());
        return rows.select(leftKey().as("_1"), edge.as("_2"))
                .union(rows.where(leftKey().notEqual(rightKey())).select(rightKey().as("_1"), edge.as("_2")))
                .as(KEYED_EDGE);
    }

    /** Incidence restricted to the identifiers of {@code region} (column {@code key}). */
    public static Dataset<Tuple2<String, EdgeRow>> restrict(Dataset<Tuple2<String, EdgeRow>> incidence, Dataset<Row> region)
    {
        Dataset<Row> keys = toTasks(region);
        return incidence.join(keys, incidence.col("_1").equalTo(keys.col("key")), "left_semi").as(KEYED_EDGE);
    }

    // a region is usually a small part of the graph: sent to every task rather than shuffled with every edge
    static Dataset<Row> toTasks(Dataset<Row> region)
    {
        return toTasks(region, BROADCAST_KEYS);
    }

    /** {@code rows} marked to be sent to every task when they are at most {@code limit}. */
    static Dataset<Row> toTasks(Dataset<Row> rows, long limit)
    {
        return rows.count() <= limit ? functions.broadcast(rows) : rows;
    }

    /**
     * Every observation of the links with an end among the identifiers of {@code region}, materialized, in one
     * scan of the links; a link id can repeat ({@link #distinctObservations} keeps one edge per id). Deduplicating
     * these alone is exact: a link id is a hash of both ends with the rule and source event, so every observation
     * under one id has the same ends and lies among them.
     */
    public static Dataset<EdgeRow> linksOf(Dataset<EdgeRow> links, Dataset<Row> region)
    {
        // joined on a 64-bit hash of each end's type and token (a long hash join, cheaper per row than one on the
        // key's string); a hash can collide, so the keys are compared in full where one matched
        Dataset<Row> keys = toTasks(region.select(col("key"),
                xxhash64(keyType("key"), keyToken("key")).as("hash")));
        Dataset<Row> selected = links.toDF()
                .join(keys.select(col("key").as("lkey"), col("hash").as("lhash")), xxhash64(col("leftType"), col("leftToken")).equalTo(col("lhash")), "left")
                .join(keys.select(col("key").as("rkey"), col("hash").as("rhash")), xxhash64(col("rightType"), col("rightToken")).equalTo(col("rhash")), "left")
                .where(col("lkey").isNotNull().and(leftKey().equalTo(col("lkey"))).or(col("rkey").isNotNull().and(rightKey().equalTo(col("rkey")))))
                .select(edgeFields());
        return materialize(selected.as(EDGE));
    }

    /**
     * Statuses of every identifier of {@code incidence}, which must hold all edges of each of them: one shuffle
     * brings each identifier's edges together sorted by neighbour, and one pass over them ({@link Assessment})
     * gives its status, hub evidence included.
     */
    public static Dataset<StatusRow> statuses(Dataset<Tuple2<String, EdgeRow>> incidence, RuleContext context)
    {
        // the neighbour is computed after the shuffle, not shuffled with each edge
        Dataset<Row> sorted = incidence.toDF("node", "edge")
                .repartition(col("node"))
                .withColumn("other", expr("CASE WHEN concat(edge.leftType, ':', edge.leftToken) = node "
                        + "THEN concat(edge.rightType, ':', edge.rightToken) ELSE concat(edge.leftType, ':', edge.leftToken) END"))
                .sortWithinPartitions("node", "other");
        return sorted.select(col("node"), col("edge")).as(KEYED_EDGE)
                .mapPartitions((MapPartitionsFunction<Tuple2<String, EdgeRow>, StatusRow>) rows -> assessRuns(context, rows), STATUS);
    }

    // one status per run of rows with the same identifier
    private static Iterator<StatusRow> assessRuns(RuleContext context, Iterator<Tuple2<String, EdgeRow>> rows)
    {
        return new Iterator<>()
        {
            private Tuple2<String, EdgeRow> next = rows.hasNext() ? rows.next() : null;

            @Override
            public boolean hasNext()
            {
                return next != null;
            }

            @Override
            public StatusRow next()
            {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Assessment assessment = new Assessment(context, next._1);
                do {
                    assessment.add(next._2);
                    next = rows.hasNext() ? rows.next() : null;
                }
                while (next != null && next._1.equals(assessment.key));
                return assessment.status();
            }
        };
    }

    /**
     * One identifier's status from its edges, read in neighbour order: the distinct neighbours per type (the
     * core's hub rule) and, per type, the smallest of the neighbours' earliest edges in the core's canonical
     * order (the hub's evidence) are kept on the way, so that a hub's edges, which can be many, are never held; a
     * statically excluded identifier (blocked, ignored type, marked bad) needs only its first observation; any
     * other is assessed by the core over its edges.
     */
    private static final class Assessment
    {
        private final RuleContext context;
        private final String key;
        private final IdentifierKey identifier;
        private final Exclusion exclusion;
        private final Map<IdentifierType, Integer> distinct = new EnumMap<>(IdentifierType.class);
        private final Map<IdentifierType, TreeSet<IdentityEdge>> samples = new EnumMap<>(IdentifierType.class);
        private long firstSeen = Long.MAX_VALUE;
        // dropped once the identifier is certainly a hub
        private List<IdentityEdge> edges = new ArrayList<>();
        private IdentifierKey neighbour;
        private IdentityEdge earliest;

        Assessment(RuleContext context, String key)
        {
            this.context = context;
            this.key = key;
            this.identifier = IdentifierKey.parse(key);
            this.exclusion = context.assessor().staticExclusion(identifier, context.marks());
        }

        void add(EdgeRow row)
        {
            firstSeen = Math.min(firstSeen, row.getObservedAt());
            if (exclusion != null) {
                return;
            }
            IdentityEdge edge = row.toEdge();
            if (edges != null) {
                edges.add(edge);
            }
            if (!context.assessor().usableFor(identifier, edge, context.marks())) {
                return;
            }
            IdentifierKey other = edge.other(identifier).key();
            if (other.equals(neighbour)) {
                if (IdentityEdge.CANONICAL.compare(edge, earliest) < 0) {
                    earliest = edge;
                }
                return;
            }
            sample();
            neighbour = other;
            earliest = edge;
            if (distinct.merge(other.type(), 1, Integer::sum) > context.rules().hubThreshold(other.type())) {
                edges = null;
            }
        }

        // the previous neighbour's earliest edge among the smallest of its type
        private void sample()
        {
            if (earliest == null) {
                return;
            }
            TreeSet<IdentityEdge> smallest = samples.computeIfAbsent(neighbour.type(), type -> new TreeSet<>(IdentityEdge.CANONICAL));
            smallest.add(earliest);
            if (smallest.size() > context.rules().hubSampleEdges()) {
                smallest.pollLast();
            }
        }

        StatusRow status()
        {
            if (exclusion != null) {
                return StatusRow.excluded(key, exclusion, firstSeen);
            }
            sample();
            IdentifierAssessor assessor = context.assessor();
            Optional<IdentifierType> hubType = assessor.hubNeighbourType(distinct);
            if (hubType.isEmpty()) {
                return StatusRow.of(assessor.assess(identifier, edges, context.marks()));
            }
            IdentifierType type = hubType.get();
            Quarantine quarantine = assessor.quarantine(identifier, type, distinct.get(type), samples.get(type));
            return StatusRow.of(new IdentifierStatus(identifier, Exclusion.HUB, quarantine, null, Instant.ofEpochMilli(firstSeen)));
        }
    }

    /**
     * The edges the rules keep, which must have both ends among the identifiers of {@code statuses}. Only an
     * exclusion or a takeover drops an edge, and few identifiers have one: those alone are joined to the edges
     * (sent to every task when few enough), every other end is {@link StatusRow#ordinary}.
     */
    public static Dataset<EdgeRow> keptEdges(Dataset<EdgeRow> edges, Dataset<StatusRow> statuses, RuleContext context)
    {
        Dataset<Row> exceptional = toTasks(statuses.where(col("exclusion").isNotNull().or(col("takeoverAt").isNotNull())).toDF());
        Dataset<Row> left = exceptional.select(col("key").as("lkey"), struct(col("*")).as("lstatus"));
        Dataset<Row> right = exceptional.select(col("key").as("rkey"), struct(col("*")).as("rstatus"));
        Dataset<Row> keyed = edges.toDF().withColumn("lk", leftKey()).withColumn("rk", rightKey());
        return keyed.join(left, col("lk").equalTo(col("lkey")), "left")
                .join(right, col("rk").equalTo(col("rkey")), "left")
                .select(struct(edgeFields()).as("edge"), col("lstatus"), col("rstatus"))
                .as(Encoders.tuple(EDGE, STATUS, STATUS))
                .filter((FilterFunction<Tuple3<EdgeRow, StatusRow, StatusRow>>) t -> {
                    IdentityEdge edge = t._1().toEdge();
                    StatusRow leftStatus = t._2() != null ? t._2() : StatusRow.ordinary(edge.left().key().toString());
                    StatusRow rightStatus = t._3() != null ? t._3() : StatusRow.ordinary(edge.right().key().toString());
                    return EdgeFilter.kept(edge, leftStatus.toStatus(), rightStatus.toStatus(), context.marks());
                })
                .map((MapFunction<Tuple3<EdgeRow, StatusRow, StatusRow>, EdgeRow>) Tuple3::_1, EDGE);
    }

    /** The edges with both ends among the identifiers of {@code region} (column {@code key}). */
    public static Dataset<EdgeRow> within(Dataset<EdgeRow> edges, Dataset<Row> region)
    {
        Dataset<Row> keys = toTasks(region);
        return edges.toDF()
                .join(keys.select(col("key").as("lkey")), leftKey().equalTo(col("lkey")), "left_semi")
                .join(keys.select(col("key").as("rkey")), rightKey().equalTo(col("rkey")), "left_semi")
                .as(EDGE);
    }

    private static Column[] edgeFields()
    {
        Column[] fields = new Column[EdgeRow.FIELDS.length];
        for (int i = 0; i < EdgeRow.FIELDS.length; i++) {
            fields[i] = col(EdgeRow.FIELDS[i]);
        }
        return fields;
    }

    /**
     * Connected components of the kept edges over the usable identifiers, each resolved by the core; materialized,
     * and the connected components' own stages released.
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
        // identifiers hash to long vertices; a hash collision only joins two components into one group, which the
        // resolver handles as the two components it is
        Dataset<Row> keyedEdges = kept.toDF().withColumn("src", xxhash64(leftKey()));
        Dataset<Row> ccEdges = keyedEdges.select(col("src"), xxhash64(rightKey()).as("dst"));
        StepLog log = new StepLog("connected components");
        ConnectedComponents.Result cc = algorithm.components(ccEdges);
        log.step(cc.rounds() + " rounds");
        rounds[0] = cc.rounds();
        // every vertex's root, sent to every task when there are few enough vertices: the nodes and the edges (a
        // kept edge's ends are nodes) then find their root where they are read, instead of being shuffled to meet it
        // and shuffled again by root; a vertex without an edge is its own root
        Dataset<Row> roots = cc.roots();
        Dataset<Row> rootOf = toTasks(roots, BROADCAST_ROOTS);
        Dataset<Tuple3<Long, String, Long>> nodesByRoot = nodes.join(rootOf, nodes.col("vertex").equalTo(rootOf.col("vertex")), "left")
                .select(coalesce(rootOf.col("root"), nodes.col("vertex")), col("key"), col("firstSeen"))
                .as(Encoders.tuple(Encoders.LONG(), Encoders.STRING(), Encoders.LONG()));
        Dataset<Tuple2<Long, EdgeRow>> edgesByRoot = keyedEdges.join(rootOf, keyedEdges.col("src").equalTo(rootOf.col("vertex")), "left")
                .select(coalesce(rootOf.col("root"), keyedEdges.col("src")), struct(edgeFields()))
                .as(Encoders.tuple(Encoders.LONG(), EDGE));
        Dataset<ComponentResult> components = materialize(nodesByRoot.groupByKey((MapFunction<Tuple3<Long, String, Long>, Long>) Tuple3::_1, Encoders.LONG())
                .cogroup(edgesByRoot.groupByKey((MapFunction<Tuple2<Long, EdgeRow>, Long>) Tuple2::_1, Encoders.LONG()),
                        (CoGroupFunction<Long, Tuple3<Long, String, Long>, Tuple2<Long, EdgeRow>, ComponentResult>) (root, nodeRows, edgeRows) ->
                                resolve(context, nodeRows, edgeRows),
                        COMPONENT));
        cc.release();
        return components;
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
        IdentifierKey componentKey = firstSeen.keySet().stream().min(Comparator.naturalOrder()).orElseThrow();
        return List.of(ComponentResult.of(componentKey, resolved, firstSeen::get)).iterator();
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

    /**
     * Frees the rows of a stage {@link #materialize} computed, once nothing reads it any more. {@code Dataset.unpersist}
     * only drops cached queries: it leaves a local checkpoint's blocks in memory and on local disk until the garbage
     * collector happens to clear its RDD, so they are dropped from the RDD itself. Any other dataset is unpersisted.
     */
    public static void release(Dataset<?> stage)
    {
        if (stage.queryExecution().logical() instanceof LogicalRDD rows) {
            rows.rdd().unpersist(false);
        }
        else {
            stage.unpersist();
        }
    }

    /**
     * Statuses, hubs, kept edges and resolved components of the identifiers whose edges {@code incidence} holds;
     * {@code edges} are those among them with both ends there, released once the kept edges are computed.
     */
    public static Outcome run(Dataset<EdgeRow> edges, Dataset<Tuple2<String, EdgeRow>> incidence, RuleContext context)
    {
        return run(edges, incidence, context, ConnectedComponents::components);
    }

    static Outcome run(Dataset<EdgeRow> edges, Dataset<Tuple2<String, EdgeRow>> incidence, RuleContext context, ConnectedComponents.Algorithm algorithm)
    {
        StepLog log = new StepLog("stages");
        Dataset<StatusRow> statuses = materialize(statuses(incidence, context));
        log.step("statuses");
        Dataset<EdgeRow> kept = materialize(keptEdges(edges, statuses, context));
        release(edges);
        log.step("kept edges");
        int[] rounds = new int[1];
        Dataset<ComponentResult> components = resolveComponents(kept, statuses, context, algorithm, rounds);
        release(kept);
        log.step("connected components and per-component resolution");
        return new Outcome(statuses, components, rounds[0]);
    }
}
