package org.opencdp.batch.identity;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.opencdp.batch.identity.Resolved.ClusterResult;
import org.opencdp.batch.identity.Resolved.ComponentResult;
import org.opencdp.batch.identity.Resolved.ConflictResult;
import org.opencdp.batch.identity.Resolved.QuarantineResult;
import org.opencdp.identity.cluster.BadMarks;
import org.opencdp.identity.cluster.Cluster;
import org.opencdp.identity.cluster.Exclusion;
import org.opencdp.identity.cluster.IdentifierAssessor;
import org.opencdp.identity.cluster.IdentifierStatus;
import org.opencdp.identity.cluster.RegionResolution;
import org.opencdp.identity.edge.EdgeSets;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.identity.ids.AliasRecord;
import org.opencdp.identity.ids.AssignmentChanges;
import org.opencdp.identity.ids.HashedMemberIdGenerator;
import org.opencdp.identity.ids.MemberAssignment;
import org.opencdp.identity.ids.MemberIdAssigner;
import org.opencdp.identity.ids.MemberInfo;
import scala.Tuple2;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.opencdp.batch.identity.IdentityTables.timestamp;

/**
 * One identity resolution run: which identifiers to recompute (all of them, or the region new links and marks
 * can change), the Spark stages of {@link IdentityPipeline} over that region, stable member ids from the core's
 * {@link MemberIdAssigner} against the previous run's tables, and MERGE INTO of the graph, members, aliases,
 * quarantine and conflicts.
 *
 * <p>The region of an incremental run follows the core's incremental apply: the identifiers the new links
 * touch, re-assessed over all their edges; if one of them now filters its edges differently (became a hub,
 * was taken over, was marked bad), its neighbours too; then every identifier of the previous components of
 * those. Hub and takeover verdicts depend only on an identifier's own edges, and a kept edge always lies in one
 * component, so nothing outside the region can change.
 */
public final class IdentityResolution
{
    public enum Mode { FULL, INCREMENTAL, UNMERGE }

    /** What a run did, also the job's metrics line. */
    public record RunReport(String runId, Mode mode, Long linksSnapshotId, long linksRead, long regionIdentifiers, long components, int ccRounds,
            int membersCreated, int membersAliased, int membersSplit, int membersRetired, String note)
    {
        public String json()
        {
            return ("{\"runId\":\"%s\",\"mode\":\"%s\",\"linksSnapshotId\":%s,\"linksRead\":%d,\"regionIdentifiers\":%d,\"components\":%d,"
                    + "\"ccRounds\":%d,\"membersCreated\":%d,\"membersAliased\":%d,\"membersSplit\":%d,\"membersRetired\":%d}")
                    .formatted(runId, mode, linksSnapshotId, linksRead, regionIdentifiers, components, ccRounds, membersCreated, membersAliased, membersSplit, membersRetired);
        }
    }

    /**
     * Regions of at most this many links (an incremental run's, usually) are resolved on the driver by the core,
     * in memory (a few hundred MiB); larger ones by the Spark stages. Full runs always use the Spark stages.
     */
    public static final long LOCAL_REGION_LINKS = 1_000_000;

    /** The rows MERGE INTO {@code identity.graph} reads: an identifier's open row to match (type and token) and its state now. */
    private static final StructType GRAPH_CHANGES = new StructType()
            .add("merge_type", DataTypes.StringType, true)
            .add("merge_token", DataTypes.StringType, true)
            .add("identifier_type", DataTypes.StringType, false)
            .add("token", DataTypes.StringType, false)
            .add("member_id", DataTypes.StringType, true)
            .add("component_key", DataTypes.StringType, true)
            .add("run_time", DataTypes.TimestampType, false)
            .add("run_id", DataTypes.StringType, false);

    /** The rows of {@code identity.members} a run changes. */
    static final StructType MEMBER_CHANGES = new StructType()
            .add("member_id", DataTypes.StringType, false)
            .add("status", DataTypes.StringType, false)
            .add("created_at", DataTypes.TimestampType, false)
            .add("anchor", DataTypes.StringType, false)
            .add("identifiers", DataTypes.IntegerType, false)
            .add("merged_into", DataTypes.StringType, true)
            .add("updated_at", DataTypes.TimestampType, false)
            .add("run_id", DataTypes.StringType, false);

    /** The rows MERGE INTO {@code identity.aliases} reads: an alias to insert or update ({@code upsert}), or a revived id ({@code delete}). */
    static final StructType ALIAS_CHANGES = new StructType()
            .add("op", DataTypes.StringType, false)
            .add("alias_id", DataTypes.StringType, false)
            .add("member_id", DataTypes.StringType, true)
            .add("alias_created_at", DataTypes.TimestampType, true)
            .add("alias_anchor", DataTypes.StringType, true)
            .add("merged_at", DataTypes.TimestampType, true)
            .add("cause_link_id", DataTypes.StringType, true)
            .add("cause_rule", DataTypes.StringType, true)
            .add("cause_source_event_id", DataTypes.StringType, true)
            .add("run_id", DataTypes.StringType, false);

    private static final StructType COMPONENT_KEYS = new StructType().add("component_key", DataTypes.StringType, false);

    /** A MERGE restricts the rows of its target to at most this many keys it can match, when it knows them. */
    private static final int IN_LIST_KEYS = 200_000;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IdentityResolution.class);

    private final IdentityTables tables;
    private final RuleContext rules;
    private final ConnectedComponents.Algorithm connectedComponents;
    private final long localRegionLinks;
    // held between runs only: a run takes it, and gives it back once its writes are recorded
    private RegionIndex index;

    public IdentityResolution(IdentityTables tables, RuleContext rules)
    {
        this(tables, rules, ConnectedComponents::components);
    }

    /** With another connected components algorithm: the benchmark's peer, not a user option. */
    IdentityResolution(IdentityTables tables, RuleContext rules, ConnectedComponents.Algorithm connectedComponents)
    {
        this(tables, rules, connectedComponents, LOCAL_REGION_LINKS);
    }

    /** Resolving regions of at most {@code localRegionLinks} links on the driver (0: every region in Spark, as tests do). */
    IdentityResolution(IdentityTables tables, RuleContext rules, ConnectedComponents.Algorithm connectedComponents, long localRegionLinks)
    {
        this.tables = requireNonNull(tables, "tables is null");
        this.rules = requireNonNull(rules, "rules is null");
        this.connectedComponents = requireNonNull(connectedComponents, "connectedComponents is null");
        this.localRegionLinks = localRegionLinks;
    }

    /**
     * Builds a {@link RegionIndex} of the links the newest run read and of the graph as it is, unless this resolver
     * already holds one of them: a long-lived resolver ({@code cdp identity run --incremental --every}) calls it
     * after each run, so that its next incremental run looks its region up in memory. An index is built only
     * while the links fit in a third of the driver's heap; a run that resolves its region in Spark, a full run, or
     * any other writer of the graph leaves the resolver without one until the next call.
     *
     * @return whether the resolver holds an index now
     */
    public boolean prepareIndex()
    {
        Optional<Long> lastRun = tables.lastRunSnapshot();
        Optional<Long> graph = tables.graphSnapshot();
        if (index != null && lastRun.isPresent() && graph.isPresent() && index.holds(lastRun.get(), graph.get())) {
            return true;
        }
        index = null;
        if (lastRun.isEmpty() || graph.isEmpty()) {
            return false;
        }
        long links = tables.linksRecords(lastRun.get());
        long fit = Runtime.getRuntime().maxMemory() / 3 / RegionIndex.BYTES_PER_LINK;
        if (links > fit) {
            LOG.info("no region index: {} links, where a third of the heap holds about {}", links, fit);
            return false;
        }
        IdentityPipeline.StepLog log = new IdentityPipeline.StepLog("region index");
        index = RegionIndex.build(lastRun.get(), tables.links(lastRun.get()), graph.get(), tables.openGraph(graph.get()));
        log.step("built");
        return true;
    }

    /** A full or incremental run over the links as they are now. An incremental run without a previous run is a full one. */
    public RunReport run(Mode mode)
    {
        requireNonNull(mode, "mode is null");
        Instant started = Instant.now();
        IdentityPipeline.StepLog incrementalLog = new IdentityPipeline.StepLog(mode.name().toLowerCase(Locale.ROOT) + " run");
        BadMarks marks = tables.marks();
        RuleContext context = rules.withMarks(marks);
        Optional<Long> snapshot = tables.linksSnapshot();
        Optional<Long> previous = tables.lastRunSnapshot();
        incrementalLog.step("marks and snapshots read");
        if (snapshot.isEmpty()) {
            return nothing(started, mode, null, "identity.links is empty");
        }
        if (mode == Mode.INCREMENTAL && previous.isEmpty()) {
            return runFull(started, snapshot.get(), context, "no previous run: full run");
        }
        if (mode == Mode.INCREMENTAL) {
            if (previous.get().equals(snapshot.get())) {
                return nothing(started, Mode.INCREMENTAL, snapshot.get(), "no new links since the last run");
            }
            RegionIndex kept = takeIndex(previous.get());
            if (kept != null && tables.linksAppended(previous.get(), snapshot.get()) > localRegionLinks) {
                // more links added than the driver resolves (a backfill): read from the tables, in Spark
                kept = null;
            }
            Dataset<EdgeRow> added;
            List<IdentityEdge> addedEdges;
            try {
                Dataset<EdgeRow> appended = tables.linksAdded(previous.get(), snapshot.get());
                // with an index, the added links are deduplicated on the driver, which looks their region up
                addedEdges = kept == null ? null : EdgeSets.dedupe(appended.collectAsList().stream().map(EdgeRow::toEdge).toList());
                added = kept == null ? IdentityPipeline.distinctLinks(appended) : null;
            }
            catch (RuntimeException e) {
                // links were deleted or overwritten since the last run (an erasure): only a full run is exact
                return runFull(started, snapshot.get(), context, "links changed by more than appends since the last run (" + e.getMessage() + "): full run");
            }
            if (kept != null) {
                incrementalLog.step("links added since the last run read");
                Optional<RunReport> report = runIndexed(kept, started, snapshot.get(), addedEdges, context);
                if (report.isPresent()) {
                    return report.get();
                }
                added = IdentityPipeline.distinctLinks(tables.linksAdded(previous.get(), snapshot.get()));
            }
            Dataset<EdgeRow> all = tables.links(snapshot.get());
            Dataset<Row> touched = IdentityPipeline.materialize(IdentityPipeline.incidence(added).select(col("_1").as("key")).distinct());
            incrementalLog.step("links added since the last run and the identifiers they touch read");
            return runRegion(started, Mode.INCREMENTAL, snapshot.get(), all, added, touched, context, context);
        }
        return runFull(started, snapshot.get(), context, null);
    }

    /**
     * Unmerge: marks an edge or an identifier bad (recorded in {@code identity.marks}) and recomputes the region
     * the mark can change, over the links the last run read.
     */
    public RunReport unmerge(Optional<String> linkId, Optional<IdentifierKey> identifier, String reason)
    {
        requireNonNull(reason, "reason is null");
        if (linkId.isPresent() == identifier.isPresent()) {
            throw new IllegalArgumentException("unmerge needs exactly one of an edge (link id) or an identifier");
        }
        Instant started = Instant.now();
        long snapshot = tables.lastRunSnapshot().orElseThrow(() -> new IllegalStateException(
                "no identity run yet: run `cdp identity run --full` first"));
        BadMarks before = tables.marks();
        Dataset<EdgeRow> all = tables.links(snapshot);
        Dataset<Row> touched;
        BadMarks after;
        if (linkId.isPresent()) {
            Dataset<EdgeRow> edge = all.where(col("linkId").equalTo(linkId.get()));
            if (edge.isEmpty()) {
                throw new IllegalArgumentException("no link with id '%s' in %s".formatted(linkId.get(), tables.name(IdentityTables.LINKS)));
            }
            touched = IdentityPipeline.incidence(edge).select(col("_1").as("key")).distinct();
            after = before.withBadEdge(linkId.get(), reason);
        }
        else {
            String key = identifier.get().toString();
            Dataset<EdgeRow> incident = all.where(IdentityPipeline.leftKey().equalTo(key).or(IdentityPipeline.rightKey().equalTo(key)));
            if (incident.isEmpty()) {
                throw new IllegalArgumentException("identifier %s has no link in %s".formatted(key, tables.name(IdentityTables.LINKS)));
            }
            // its neighbours' hub counts and takeovers skip a bad identifier, so they are re-assessed too
            touched = IdentityPipeline.incidence(incident).select(col("_1").as("key")).distinct();
            after = before.withBadIdentifier(identifier.get(), reason);
        }
        StructType schema = new StructType()
                .add("kind", DataTypes.StringType, false)
                .add("target", DataTypes.StringType, false)
                .add("reason", DataTypes.StringType, false)
                .add("marked_at", DataTypes.TimestampType, false);
        Row mark = RowFactory.create(linkId.isPresent() ? "EDGE" : "IDENTIFIER", linkId.orElseGet(() -> identifier.get().toString()), reason, timestamp(started));
        tables.merge(IdentityTables.MARKS, tables.rows(List.of(mark), schema),
                "ON t.kind = s.kind AND t.target = s.target WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
        Dataset<EdgeRow> noLinks = all.limit(0);
        return runRegion(started, Mode.UNMERGE, snapshot, all, noLinks, IdentityPipeline.materialize(touched), rules.withMarks(before), rules.withMarks(after));
    }

    private RunReport runFull(Instant started, long snapshot, RuleContext context, String note)
    {
        index = null;
        IdentityPipeline.StepLog log = new IdentityPipeline.StepLog("full run");
        Dataset<EdgeRow> edges = IdentityPipeline.distinctLinks(tables.links(snapshot));
        long linksRead = edges.count();
        Dataset<Tuple2<String, EdgeRow>> incidence = IdentityPipeline.incidence(edges);
        log.step(linksRead + " links read");
        IdentityPipeline.Outcome outcome = IdentityPipeline.run(edges, incidence, context, connectedComponents);
        LOG.info("full run: {} components resolved in {} rounds of connected components", outcome.components().count(), outcome.ccRounds());
        Resolution.InSpark resolution = Resolution.of(outcome);
        log.step("stages");
        // every identifier of the links (each has a status), and every one the previous graph held (links can be erased)
        Dataset<Row> previous = IdentityPipeline.materialize(tables.openRows());
        Dataset<Row> region = IdentityPipeline.materialize(outcome.statuses().select(col("key")).union(previous.select(col("key"))).distinct());
        log.step("region");
        RunReport report = write(started, Mode.FULL, snapshot, linksRead, region, previous, resolution, note);
        IdentityPipeline.release(region);
        IdentityPipeline.release(previous);
        return report;
    }

    /**
     * A run over the region the touched identifiers can change. The open rows of their previous components are
     * read once: they give the region, the previous member ids and the graph's changes. The links are scanned
     * once for the region's edges, which hold every edge of the touched identifiers; only when an identifier
     * whose verdict changed has a neighbour in another component is the region extended by that component and
     * its links read again. A region of at most {@code localRegionLinks} links is resolved on the driver by the
     * core, a larger one by the Spark stages. The run releases {@code added} and {@code touched} when it is done.
     */
    private RunReport runRegion(Instant started, Mode mode, long snapshot, Dataset<EdgeRow> all, Dataset<EdgeRow> added, Dataset<Row> touched,
            RuleContext before, RuleContext after)
    {
        IdentityPipeline.StepLog log = new IdentityPipeline.StepLog(mode.name().toLowerCase(Locale.ROOT) + " run");
        Dataset<Row> open = tables.openGraph();
        Dataset<Row> previous = componentsOf(open, touched);
        Dataset<Row> region = IdentityPipeline.materialize(touched.union(previous.select(col("key"))).distinct());
        log.step("region of the touched identifiers' components");
        Dataset<EdgeRow> observed = IdentityPipeline.linksOf(all, region);
        boolean local = observed.count() <= localRegionLinks;
        // on the driver: the region's edges and keys in memory; in Spark: its edges, one per link id
        List<IdentityEdge> edges = local ? distinctEdges(observed) : null;
        Set<IdentifierKey> regionKeys = local ? keys(region) : null;
        Dataset<EdgeRow> regionEdges = local ? null : IdentityPipeline.distinctObservations(observed);
        log.step("region's links read");

        // neighbours of identifiers that now filter their edges differently; those outside the region that had a
        // member were in other components, which the run must recompute too (one without a member was excluded,
        // and is still: its status depends only on its own edges, and none of them is new)
        Dataset<Row> outside;
        if (local) {
            Set<String> addedIds = new HashSet<>(added.map((MapFunction<EdgeRow, String>) EdgeRow::getLinkId, Encoders.STRING()).collectAsList());
            Set<IdentifierKey> beyond = changedNeighbours(edges, keys(touched), addedIds, before, after);
            beyond.removeAll(regionKeys);
            outside = keyRows(beyond);
        }
        else {
            outside = changedNeighbours(regionEdges, added, touched, region, before, after);
        }
        log.step("touched identifiers assessed before and after");
        if (!outside.isEmpty()) {
            Dataset<Row> extended = componentsOf(open, touched.union(outside));
            Dataset<Row> extra = IdentityPipeline.materialize(extended.select(col("key")).join(region, "key", "left_anti"));
            if (extra.isEmpty()) {
                IdentityPipeline.release(extended);
            }
            else {
                IdentityPipeline.release(previous);
                previous = extended;
                Dataset<Row> smaller = region;
                region = IdentityPipeline.materialize(region.union(extra));
                IdentityPipeline.release(smaller);
                observed = IdentityPipeline.linksOf(all, region);
                if (local) {
                    edges = distinctEdges(observed);
                    regionKeys = keys(region);
                }
                else {
                    IdentityPipeline.release(regionEdges);
                    regionEdges = IdentityPipeline.distinctObservations(observed);
                }
                log.step("region extended by the " + extra.count() + " identifiers of the changed identifiers' neighbours' components");
            }
            IdentityPipeline.release(extra);
        }
        IdentityPipeline.release(outside);
        long linksRead = local ? edges.size() : regionEdges.count();
        LOG.info("{} run: region of {} identifiers, {} links, resolved {}", mode, local ? regionKeys.size() : region.count(), linksRead, local ? "on the driver" : "in Spark");
        RunReport report;
        if (local) {
            Resolution.OnDriver resolution = resolveOnDriver(regionKeys, edges, after);
            log.step("stages");
            report = write(started, mode, snapshot, linksRead, regionKeys, previous.collectAsList(), resolution, written -> {});
        }
        else {
            Resolution.InSpark resolution = resolveInSpark(region, regionEdges, after);
            log.step("stages");
            report = write(started, mode, snapshot, linksRead, region, previous, resolution, null);
        }
        if (regionEdges != null) {
            IdentityPipeline.release(regionEdges);
        }
        IdentityPipeline.release(region);
        IdentityPipeline.release(previous);
        IdentityPipeline.release(touched);
        IdentityPipeline.release(added);
        return report;
    }

    /** The index this resolver holds between runs, if any. */
    RegionIndex regionIndex()
    {
        return index;
    }

    // the resolver's index when it still holds what the newest run left (the links as of snapshot lastRun, the
    // graph as it is now: no other writer since), else none; the resolver holds none until a run gives it back
    private RegionIndex takeIndex(long lastRun)
    {
        RegionIndex kept = index;
        index = null;
        if (kept == null) {
            return null;
        }
        Optional<Long> graph = tables.graphSnapshot();
        return graph.isPresent() && kept.holds(lastRun, graph.get()) ? kept : null;
    }

    /**
     * An incremental run like {@link #runRegion}, with the region looked up in the resolver's index where the links
     * and the graph are scanned otherwise: the touched identifiers' components, their links and the changed
     * identifiers' neighbours are all found on the driver. The index takes the added links ({@code addedEdges}, one
     * per link id) first, and the region's new open rows once the tables are written; the resolver keeps it once
     * the run is recorded. Empty, before any write, when the region has more than {@code localRegionLinks} links:
     * the caller then reads it from the tables.
     */
    private Optional<RunReport> runIndexed(RegionIndex index, Instant started, long snapshot, List<IdentityEdge> addedEdges, RuleContext context)
    {
        IdentityPipeline.StepLog log = new IdentityPipeline.StepLog("incremental run");
        Set<IdentifierKey> touchedKeys = new HashSet<>();
        for (IdentityEdge edge : addedEdges) {
            touchedKeys.add(edge.left().key());
            touchedKeys.add(edge.right().key());
        }
        index.addLinks(snapshot, addedEdges);
        List<Row> previous = index.componentsOf(touchedKeys);
        List<IdentifierKey> previousKeys = keysOf(previous);
        Set<IdentifierKey> region = new HashSet<>(touchedKeys);
        region.addAll(previousKeys);
        List<IdentityEdge> observed = index.observationsOf(region);
        if (observed.size() > localRegionLinks) {
            return Optional.empty();
        }
        List<IdentityEdge> edges = EdgeSets.dedupe(observed);
        log.step("region and its links looked up in the index");

        // as in runRegion: the other components next to an identifier whose verdict changed join the region
        Set<String> addedIds = addedEdges.stream().map(IdentityEdge::linkId).collect(Collectors.toSet());
        Set<IdentifierKey> beyond = changedNeighbours(edges, touchedKeys, addedIds, context, context);
        beyond.removeAll(region);
        if (!beyond.isEmpty()) {
            Set<IdentifierKey> seeds = new HashSet<>(touchedKeys);
            seeds.addAll(beyond);
            List<Row> extended = index.componentsOf(seeds);
            List<IdentifierKey> extendedKeys = keysOf(extended);
            int smaller = region.size();
            region.addAll(extendedKeys);
            if (region.size() > smaller) {
                previous = extended;
                previousKeys = extendedKeys;
                observed = index.observationsOf(region);
                if (observed.size() > localRegionLinks) {
                    return Optional.empty();
                }
                edges = EdgeSets.dedupe(observed);
            }
        }
        log.step("touched identifiers assessed before and after");
        LOG.info("INCREMENTAL run: region of {} identifiers, {} links, resolved on the driver from the region index", region.size(), edges.size());
        Resolution.OnDriver resolution = resolveOnDriver(region, edges, context);
        log.step("stages");
        List<IdentifierKey> replaced = previousKeys;
        RunReport report = write(started, Mode.INCREMENTAL, snapshot, edges.size(), region, previous, resolution,
                written -> index.advance(replaced, resolution.components(), written.memberOfCluster(), tables.graphSnapshot().orElseThrow()));
        this.index = index;
        return Optional.of(report);
    }

    // the identifiers of open rows (key, member id, component key)
    private static List<IdentifierKey> keysOf(List<Row> openRows)
    {
        return openRows.stream().map(row -> IdentifierKey.parse(row.getString(0))).toList();
    }

    // an edge with one end outside the region was dropped before, for a status that has not changed (else that
    // end would be in the region): only the edges within the region can be kept
    private Resolution.InSpark resolveInSpark(Dataset<Row> region, Dataset<EdgeRow> regionEdges, RuleContext context)
    {
        Dataset<Tuple2<String, EdgeRow>> regionIncidence = IdentityPipeline.materialize(IdentityPipeline.restrict(IdentityPipeline.incidence(regionEdges), region));
        IdentityPipeline.Outcome outcome = IdentityPipeline.run(IdentityPipeline.within(regionEdges, region), regionIncidence, context, connectedComponents);
        LOG.info("{} components resolved in {} rounds of connected components", outcome.components().count(), outcome.ccRounds());
        IdentityPipeline.release(regionIncidence);
        return Resolution.of(outcome);
    }

    private Resolution.OnDriver resolveOnDriver(Set<IdentifierKey> region, List<IdentityEdge> edges, RuleContext context)
    {
        RegionResolution.Result result = RegionResolution.resolve(context.rules(), context.marks(), region, edges);
        List<ComponentResult> components = result.components().stream()
                .map(component -> ComponentResult.of(component.key(), component.resolved(), key -> result.statuses().get(key).firstSeen().toEpochMilli()))
                .toList();
        List<QuarantineResult> hubs = result.statuses().values().stream()
                .filter(status -> status.exclusion() == Exclusion.HUB)
                .map(status -> StatusRow.of(status).quarantine())
                .toList();
        LOG.info("{} components resolved on the driver", components.size());
        return Resolution.of(components, hubs);
    }

    /** The identifiers outside {@code region} next to a touched identifier whose verdict the new links or marks changed, in Spark, materialized. */
    private static Dataset<Row> changedNeighbours(Dataset<EdgeRow> regionEdges, Dataset<EdgeRow> added, Dataset<Row> touched, Dataset<Row> region,
            RuleContext before, RuleContext after)
    {
        Dataset<Tuple2<String, EdgeRow>> touchedIncidence = IdentityPipeline.materialize(IdentityPipeline.restrict(IdentityPipeline.incidence(regionEdges), touched));
        Dataset<Row> addedIds = added.select(col("linkId").as("addedId"));
        Dataset<Tuple2<String, EdgeRow>> touchedBefore = touchedIncidence
                .join(addedIds, touchedIncidence.col("_2.linkId").equalTo(addedIds.col("addedId")), "left_anti")
                .as(IdentityPipeline.KEYED_EDGE);
        Dataset<Row> verdictAfter = verdicts(IdentityPipeline.statuses(touchedIncidence, after)).toDF("key", "after");
        Dataset<Row> verdictBefore = verdicts(IdentityPipeline.statuses(touchedBefore, before)).toDF("bkey", "before");
        Dataset<Row> changed = verdictAfter.join(verdictBefore, col("key").equalTo(col("bkey")), "full_outer")
                .where(col("after").eqNullSafe(col("before")).unary_$bang())
                .select(coalesce(col("key"), col("bkey")).as("key"));
        Dataset<Row> changedIncidence = touchedIncidence.join(changed, touchedIncidence.col("_1").equalTo(changed.col("key")), "left_semi");
        Dataset<Row> neighbours = IdentityPipeline.incidence(changedIncidence.select(col("_2.*")).as(IdentityPipeline.EDGE)).select(col("_1").as("key"));
        Dataset<Row> outside = IdentityPipeline.materialize(neighbours.join(region, neighbours.col("key").equalTo(region.col("key")), "left_anti").distinct());
        IdentityPipeline.release(touchedIncidence);
        return outside;
    }

    /** The same on the driver, over the region's edges in memory. */
    private static Set<IdentifierKey> changedNeighbours(List<IdentityEdge> edges, Set<IdentifierKey> touched, Set<String> added, RuleContext before, RuleContext after)
    {
        IdentifierAssessor assessor = after.assessor();
        Set<IdentifierKey> neighbours = new HashSet<>();
        EdgeSets.incidence(edges, touched).forEach((key, incident) -> {
            List<IdentityEdge> earlier = incident.stream().filter(edge -> !added.contains(edge.linkId())).toList();
            String verdictBefore = earlier.isEmpty() ? null : verdict(assessor.assess(key, earlier, before.marks()));
            if (!verdict(assessor.assess(key, incident, after.marks())).equals(verdictBefore)) {
                incident.forEach(edge -> neighbours.add(edge.other(key).key()));
            }
        });
        return neighbours;
    }

    // what decides the fate of an identifier's edges: its exclusion and its takeover time
    private static String verdict(IdentifierStatus status)
    {
        return status.exclusion() + "|" + status.takeoverAt();
    }

    // one edge per link id of the observations, on the driver; the observations are released
    private static List<IdentityEdge> distinctEdges(Dataset<EdgeRow> observed)
    {
        List<IdentityEdge> edges = EdgeSets.dedupe(observed.collectAsList().stream().map(EdgeRow::toEdge).toList());
        IdentityPipeline.release(observed);
        return edges;
    }

    private static Set<IdentifierKey> keys(Dataset<Row> keys)
    {
        Set<IdentifierKey> set = new HashSet<>();
        keys.select(col("key")).collectAsList().forEach(row -> set.add(IdentifierKey.parse(row.getString(0))));
        return set;
    }

    private Dataset<Row> keyRows(Set<IdentifierKey> keys)
    {
        return tables.rows(keys.stream().map(key -> RowFactory.create(key.toString())).toList(), new StructType().add("key", DataTypes.StringType, false));
    }

    /**
     * The open rows of every component holding one of {@code seeds} (column {@code key}), with their keys,
     * materialized. The graph is joined on the type and the token it stores, and only the rows found get a key.
     */
    private static Dataset<Row> componentsOf(Dataset<Row> openGraph, Dataset<Row> seeds)
    {
        Dataset<Row> seedIds = IdentityPipeline.toTasks(seeds.select(IdentityPipeline.keyType("key").as("seed_type"), IdentityPipeline.keyToken("key").as("seed_token")));
        Dataset<Row> components = IdentityPipeline.materialize(openGraph
                .join(seedIds, col("identifier_type").equalTo(col("seed_type")).and(col("token").equalTo(col("seed_token"))))
                .select(col("component_key")).distinct());
        Dataset<Row> rows = IdentityPipeline.materialize(IdentityTables.withKey(openGraph.join(IdentityPipeline.toTasks(components), "component_key")));
        IdentityPipeline.release(components);
        return rows;
    }

    // what decides the fate of an identifier's edges: its exclusion and its takeover time
    private static Dataset<Row> verdicts(Dataset<StatusRow> statuses)
    {
        return statuses.select(col("key"), concat(coalesce(col("exclusion"), lit("-")), lit("|"), coalesce(col("takeoverAt").cast("string"), lit("-"))));
    }

    // ---- ids and writes

    /** What a run's writes count: its components and the member ids it created, aliased, split and retired. */
    private record Written(long components, int created, int aliased, int splits, int retired, Map<IdentifierKey, String> memberOfCluster) {}

    /** Writes the tables of a region resolved in Spark ({@code regionKeys}: column {@code key}), then records the run. */
    private RunReport write(Instant started, Mode mode, long snapshot, long linksRead, Dataset<Row> regionKeys, Dataset<Row> previousRows,
            Resolution.InSpark resolution, String note)
    {
        String runId = "run-" + UUID.randomUUID();
        Written written = writeInSpark(runId, new IdentityPipeline.StepLog(mode.name().toLowerCase(Locale.ROOT) + " run"), regionKeys, previousRows, resolution);
        return recorded(runId, started, mode, snapshot, linksRead, regionKeys.count(), written, resolution, note);
    }

    /**
     * Writes the tables of a region resolved on the driver ({@code previousRows}: its open rows, as
     * {@link IdentityTables#openRows} gives them), hands what they hold to {@code committed}, then records the run.
     */
    private RunReport write(Instant started, Mode mode, long snapshot, long linksRead, Set<IdentifierKey> region, List<Row> previousRows,
            Resolution.OnDriver resolution, Consumer<Written> committed)
    {
        String runId = "run-" + UUID.randomUUID();
        Written written = writeOnDriver(runId, new IdentityPipeline.StepLog(mode.name().toLowerCase(Locale.ROOT) + " run"), region, previousRows, resolution);
        committed.accept(written);
        return recorded(runId, started, mode, snapshot, linksRead, region.size(), written, resolution, null);
    }

    private RunReport recorded(String runId, Instant started, Mode mode, long snapshot, long linksRead, long regionIdentifiers, Written written,
            Resolution resolution, String note)
    {
        RunReport report = new RunReport(runId, mode, snapshot, linksRead, regionIdentifiers, written.components(), resolution.ccRounds(),
                written.created(), written.aliased(), written.splits(), written.retired(), note);
        resolution.release();
        return record(started, mode, snapshot, report);
    }

    /**
     * Member ids and writes of a region resolved on the driver, which holds its clusters: the region's previous rows,
     * their members and every alias are collected, and the core's {@link MemberIdAssigner} runs once.
     */
    private Written writeOnDriver(String runId, IdentityPipeline.StepLog log, Set<IdentifierKey> region, List<Row> previousRows, Resolution.OnDriver resolution)
    {
        List<ComponentResult> components = resolution.components();

        // previous state of the region: its identifiers' members and components, those members, and every alias (few: one per merge)
        Map<IdentifierKey, String> previousMemberOf = new HashMap<>();
        Map<IdentifierKey, String> previousComponentOf = new HashMap<>();
        // conflicts live inside components: those of the region's previous and new components are replaced
        Set<String> componentKeys = new HashSet<>();
        for (Row row : previousRows) {
            IdentifierKey key = IdentifierKey.parse(row.getString(0));
            previousMemberOf.put(key, row.getString(1));
            previousComponentOf.put(key, row.getString(2));
            componentKeys.add(row.getString(2));
        }
        Set<String> openComponents = Set.copyOf(componentKeys);
        Map<String, AliasRecord> aliases = new HashMap<>();
        for (Row row : aliasRows().collectAsList()) {
            aliases.put(row.getString(0), SparkMemberIds.aliasRecord(row));
        }
        // the region's members and every alias's target, so that an alias chain resolves as it would over all members
        Set<String> wantedIds = new HashSet<>(previousMemberOf.values());
        aliases.values().forEach(alias -> wantedIds.add(alias.memberId()));
        Map<String, MemberInfo> members = new HashMap<>();
        Map<String, Integer> previousSizes = new HashMap<>();
        for (Row row : activeMembers().join(IdentityPipeline.toTasks(idRows(wantedIds)), col("member_id").equalTo(col("id")), "left_semi").collectAsList()) {
            members.put(row.getString(0), new MemberInfo(row.getString(0), row.getTimestamp(1).toInstant(), IdentifierKey.parse(row.getString(2))));
            previousSizes.put(row.getString(0), row.getInt(3));
        }
        MemberAssignment previous = new MemberAssignment(previousMemberOf, members, aliases, Set.of());
        log.step("results, region, previous ids, members and aliases collected");

        // clusters of the region, with first observations
        List<Cluster> clusters = new ArrayList<>();
        long identifiers = components.stream().flatMap(component -> component.getClusters().stream()).mapToLong(cluster -> cluster.getIdentifiers().size()).sum();
        Map<IdentifierKey, Instant> firstSeen = new HashMap<>((int) Math.min(Integer.MAX_VALUE, identifiers * 4 / 3 + 1));
        List<Row> conflicts = new ArrayList<>();
        Map<String, List<IdentifierKey>> identifiersOf = new LinkedHashMap<>();
        Set<String> merging = new HashSet<>();
        for (ComponentResult component : components) {
            componentKeys.add(component.getComponentKey());
            for (ClusterResult cluster : component.getClusters()) {
                List<IdentifierKey> keys = cluster.getIdentifiers().stream().map(IdentifierKey::parse).toList();
                for (int i = 0; i < keys.size(); i++) {
                    firstSeen.put(keys.get(i), Instant.ofEpochMilli(cluster.getFirstSeen().get(i)));
                }
                identifiersOf.put(cluster.getClusterKey(), keys);
                if (MemberIdAssigner.mayMerge(previous, keys)) {
                    merging.add(cluster.getClusterKey());
                }
            }
            conflicts.addAll(conflictRows(runId, component));
        }
        // the driver needs accepted edges only for clusters that merge earlier ids
        Map<String, List<IdentityEdge>> acceptedEdges = resolution.acceptedEdges(merging);
        identifiersOf.forEach((clusterKey, keys) ->
                clusters.add(new Cluster(IdentifierKey.parse(clusterKey), keys, acceptedEdges.getOrDefault(clusterKey, List.of()))));
        // the region's identifiers that had a member are all the assigner needs of the region; the ids it creates
        // are checked against every id ever issued, and made again past those taken (rare: a seed that founded a
        // member before), until none is
        MemberIdAssigner assigner = new MemberIdAssigner(new HashedMemberIdGenerator());
        MemberIdAssigner.Result ids = assigner.assign(previous, previousMemberOf.keySet(), clusters, firstSeen::get);
        for (Set<String> taken = issuedAmong(createdIds(ids)); !taken.isEmpty(); taken = issuedAmong(createdIds(ids))) {
            Set<String> issued = new HashSet<>(previous.issuedIds());
            issued.addAll(taken);
            previous = new MemberAssignment(previousMemberOf, members, aliases, issued);
            ids = assigner.assign(previous, previousMemberOf.keySet(), clusters, firstSeen::get);
        }
        AssignmentChanges changes = ids.changes();
        Instant now = Instant.now();
        LOG.info("member ids assigned: {} created, {} aliased, {} splits, {} retired", changes.created().size(), changes.aliased().size(),
                changes.splits().size(), changes.retired().size());
        log.step("member ids");

        // five commits to five tables, none reading another's: side by side, their planning, small jobs and
        // metadata writes overlap; the run is recorded once all are done
        Map<IdentifierKey, String> memberOfCluster = ids.memberIdByClusterKey();
        List<Row> memberChanges = memberChanges(runId, timestamp(now), clusters, ids, previousSizes, previous);
        Set<String> changedMembers = new HashSet<>(memberChanges.stream().map(row -> row.getString(0)).toList());
        inParallel(log, Map.of(
                IdentityTables.GRAPH, () -> mergeGraph(tables.rows(graphChanges(components, memberOfCluster, previousMemberOf, previousComponentOf, timestamp(now), runId),
                        GRAPH_CHANGES), openComponents),
                IdentityTables.MEMBERS, () -> mergeMembers(tables.rows(memberChanges, MEMBER_CHANGES), changedMembers),
                IdentityTables.ALIASES, () -> mergeAliases(tables.rows(aliasChanges(runId, changes), ALIAS_CHANGES)),
                IdentityTables.QUARANTINE, () -> writeQuarantine(runId, now, quarantinedAmong(region), resolution.hubs()),
                IdentityTables.CONFLICTS, () -> writeConflicts(tables.rows(componentKeys.stream().map(key -> (Row) RowFactory.create(key)).toList(), COMPONENT_KEYS),
                        tables.rows(conflicts, conflictSchema()))));
        log.step("identity.graph, members, aliases, quarantine and conflicts written");
        return new Written(components.size(), changes.created().size(), changes.aliased().size(), changes.splits().size(), changes.retired().size(),
                memberOfCluster);
    }

    /**
     * Member ids and writes of a region resolved in Spark (every full run): the ids are assigned where the clusters
     * are ({@link SparkMemberIds}) and every write reads them there, so the driver holds no cluster and no previous
     * row, whatever the size of the graph.
     */
    private Written writeInSpark(String runId, IdentityPipeline.StepLog log, Dataset<Row> regionKeys, Dataset<Row> previousRows, Resolution.InSpark resolution)
    {
        Instant now = Instant.now();
        List<Row> aliases = aliasRows().collectAsList();
        Set<String> issued = new HashSet<>();
        Dataset<Row> assigned = SparkMemberIds.assign(resolution.components(), previousRows, activeMembers(), aliases, issued, runId, now);
        // ids made again past those an earlier member took, as on the driver
        for (Set<String> taken = issuedAmong(createdIds(assigned)); !taken.isEmpty(); taken = issuedAmong(createdIds(assigned))) {
            issued.addAll(taken);
            IdentityPipeline.release(assigned);
            assigned = SparkMemberIds.assign(resolution.components(), previousRows, activeMembers(), aliases, issued, runId, now);
        }
        // the alias rows also delete revived ids: only their upserts are ids aliased by the run
        Map<String, Integer> counts = new HashMap<>();
        for (Row row : assigned.where(col("kind").notEqual(SparkMemberIds.ALIAS).or(col("alias.op").equalTo("upsert"))).groupBy("kind").count().collectAsList()) {
            counts.put(row.getString(0), (int) row.getLong(1));
        }
        Written written = new Written(resolution.components().count(), counts.getOrDefault(SparkMemberIds.CREATED, 0),
                counts.getOrDefault(SparkMemberIds.ALIAS, 0), counts.getOrDefault(SparkMemberIds.SPLIT, 0), counts.getOrDefault(SparkMemberIds.RETIRED, 0),
                Map.of());
        LOG.info("member ids assigned: {} created, {} aliased, {} splits, {} retired", written.created(), written.aliased(), written.splits(), written.retired());
        log.step("member ids");

        Dataset<Row> memberOfCluster = kind(assigned, SparkMemberIds.CLUSTER).select(col("cluster_key"), col("member_id"));
        Dataset<Row> memberChanges = kind(assigned, SparkMemberIds.MEMBER).select(col("member.*"));
        Dataset<Row> aliasChanges = kind(assigned, SparkMemberIds.ALIAS).select(col("alias.*"));
        Dataset<Row> openComponents = previousRows.select(col("component_key")).distinct();
        Dataset<Row> componentKeys = openComponents.union(resolution.components().select(col("componentKey"))).distinct();
        inParallel(log, Map.of(
                IdentityTables.GRAPH, () -> writeGraph(runId, timestamp(now), resolution, memberOfCluster, previousRows, openComponents),
                IdentityTables.MEMBERS, () -> mergeMembers(memberChanges, null),
                IdentityTables.ALIASES, () -> mergeAliases(aliasChanges),
                IdentityTables.QUARANTINE, () -> writeQuarantine(runId, now, quarantinedAmong(regionKeys), resolution.hubs()),
                IdentityTables.CONFLICTS, () -> writeConflicts(componentKeys, resolution.components()
                        .flatMap((FlatMapFunction<ComponentResult, Row>) component -> conflictRows(runId, component).iterator(), Encoders.row(conflictSchema())))));
        log.step("identity.graph, members, aliases, quarantine and conflicts written");
        IdentityPipeline.release(assigned);
        return written;
    }

    private static Dataset<Row> kind(Dataset<Row> assigned, String kind)
    {
        return assigned.where(col("kind").equalTo(kind));
    }

    /** Every alias as the assigner reads it. */
    private Dataset<Row> aliasRows()
    {
        return tables.spark().sql("SELECT alias_id, member_id, alias_created_at, alias_anchor, merged_at FROM " + tables.name(IdentityTables.ALIASES));
    }

    /** The active members as the assigner reads them, with their sizes. */
    private Dataset<Row> activeMembers()
    {
        return tables.spark().table(tables.name(IdentityTables.MEMBERS)).where(col("status").equalTo("ACTIVE"))
                .select("member_id", "created_at", "anchor", "identifiers");
    }

    private Dataset<Row> idRows(Set<String> ids)
    {
        return tables.rows(ids.stream().map(id -> RowFactory.create(id)).toList(), new StructType().add("id", DataTypes.StringType, false));
    }

    private Dataset<Row> createdIds(MemberIdAssigner.Result ids)
    {
        return idRows(ids.changes().created().stream().map(MemberInfo::memberId).collect(Collectors.toSet()));
    }

    private static Dataset<Row> createdIds(Dataset<Row> assigned)
    {
        return kind(assigned, SparkMemberIds.CREATED).select(col("member_id").as("id"));
    }

    /**
     * Runs each table's write on a thread of its own (a Spark session takes jobs from several threads at once) and
     * logs its seconds as a step of the run; once all have ended, throws the first failure, if any.
     */
    static void inParallel(IdentityPipeline.StepLog log, Map<String, Runnable> writes)
    {
        ExecutorService threads = Executors.newFixedThreadPool(writes.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            writes.forEach((table, write) -> running.add(threads.submit(() -> {
                IdentityPipeline.StepLog written = log.fromNow();
                write.run();
                written.step(table + " written");
            })));
            Throwable failure = null;
            for (Future<?> write : running) {
                try {
                    write.get();
                }
                catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                }
            }
            if (failure instanceof Error error) {
                throw error;
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure != null) {
                throw new IllegalStateException(failure.getMessage(), failure);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the identity tables", e);
        }
        finally {
            threads.shutdown();
        }
    }

    /** Those of the given ids (column {@code id}) that {@code identity.members} already holds (ids are never reissued). */
    private Set<String> issuedAmong(Dataset<Row> ids)
    {
        Dataset<Row> issued = tables.spark().table(tables.name(IdentityTables.MEMBERS)).select("member_id");
        if (ids.isEmpty() || issued.isEmpty()) {
            return Set.of();
        }
        Set<String> taken = new HashSet<>();
        for (Row row : issued.join(IdentityPipeline.toTasks(ids), col("member_id").equalTo(col("id")), "left_semi").collectAsList()) {
            taken.add(row.getString(0));
        }
        return taken;
    }

    /**
     * The graph's changes of a region resolved in Spark: each identifier's member and component after the run (its
     * cluster's) against its open row, computed where the clusters are; a first run only appends.
     */
    private void writeGraph(String runId, Timestamp runTime, Resolution.InSpark resolution, Dataset<Row> memberOfCluster, Dataset<Row> previousRows,
            Dataset<Row> openComponents)
    {
        Dataset<Row> after = resolution.clusterRows().join(memberOfCluster, "cluster_key");
        if (previousRows.isEmpty()) {
            // no identifier of the run has an open row (a first run): each one opens a period, which is all a
            // MERGE would do
            tables.append(IdentityTables.GRAPH, after.select(IdentityPipeline.keyType("key").as("identifier_type"), IdentityPipeline.keyToken("key").as("token"),
                    col("member_id"), col("component_key"), lit(runTime).as("valid_from"), lit(null).cast(DataTypes.TimestampType).as("valid_to"),
                    lit(runId).as("run_id")));
            return;
        }
        Dataset<Row> before = previousRows.select(col("key").as("open_key"), col("member_id").as("open_member"), col("component_key").as("open_component"));
        // materialized: the MERGE plans against the computed rows, not the joins behind them
        Dataset<Row> changes = IdentityPipeline.materialize(after.join(before, after.col("key").equalTo(before.col("open_key")), "full_outer")
                .select(coalesce(col("key"), col("open_key")), col("member_id"), col("component_key"), col("open_member"), col("open_component"))
                .flatMap((FlatMapFunction<Row, Row>) row -> graphChanges(IdentifierKey.parse(row.getString(0)), row.getString(1), row.getString(2),
                        row.getString(3), row.getString(4), runTime, runId).iterator(), Encoders.row(GRAPH_CHANGES)));
        Set<String> open = openComponents.count() <= IN_LIST_KEYS
                ? new HashSet<>(openComponents.as(Encoders.STRING()).collectAsList())
                : null;
        mergeGraph(changes, open);
        IdentityPipeline.release(changes);
    }

    /**
     * MERGE INTO {@code identity.graph} of the region's changes ({@link #GRAPH_CHANGES}). Only the open rows of the
     * region's previous components can match: when they are few enough to be listed, the others are filtered out
     * before MERGE joins the graph with the changes, instead of joining every row of the graph.
     */
    private void mergeGraph(Dataset<Row> changes, Set<String> openComponents)
    {
        Column on = col("graph.identifier_type").equalTo(col("s.merge_type")).and(col("graph.token").equalTo(col("s.merge_token")))
                .and(col("graph.valid_to").isNull());
        if (openComponents != null && openComponents.size() <= IN_LIST_KEYS) {
            on = on.and(col("graph.component_key").isInCollection(openComponents));
        }
        changes.as("s").mergeInto(tables.name(IdentityTables.GRAPH), on)
                .whenMatched(expr("s.member_id IS NULL OR s.member_id <> graph.member_id")).update(IdentityTables.assignments(Map.of("valid_to", col("s.run_time"))))
                .whenMatched().update(IdentityTables.assignments(Map.of("component_key", col("s.component_key"))))
                .whenNotMatched(col("s.member_id").isNotNull()).insert(IdentityTables.assignments(Map.of(
                        "identifier_type", col("s.identifier_type"), "token", col("s.token"), "member_id", col("s.member_id"),
                        "component_key", col("s.component_key"), "valid_from", col("s.run_time"), "valid_to", lit(null).cast(DataTypes.TimestampType),
                        "run_id", col("s.run_id"))))
                .merge();
    }

    // the graph's changes of a region resolved on the driver: of each clustered identifier, and of each previous one
    // no cluster holds any more
    private static List<Row> graphChanges(List<ComponentResult> components, Map<IdentifierKey, String> memberIdByClusterKey,
            Map<IdentifierKey, String> previousMemberOf, Map<IdentifierKey, String> previousComponentOf, Timestamp runTime, String runId)
    {
        List<Row> changes = new ArrayList<>();
        Set<IdentifierKey> clustered = new HashSet<>();
        for (ComponentResult component : components) {
            for (ClusterResult cluster : component.getClusters()) {
                String member = memberIdByClusterKey.get(IdentifierKey.parse(cluster.getClusterKey()));
                for (String identifier : cluster.getIdentifiers()) {
                    IdentifierKey key = IdentifierKey.parse(identifier);
                    clustered.add(key);
                    changes.addAll(graphChanges(key, member, component.getComponentKey(), previousMemberOf.get(key), previousComponentOf.get(key), runTime, runId));
                }
            }
        }
        previousMemberOf.forEach((key, member) -> {
            if (!clustered.contains(key)) {
                changes.addAll(graphChanges(key, null, null, member, previousComponentOf.get(key), runTime, runId));
            }
        });
        return changes;
    }

    // the rows MERGE INTO needs for one identifier, from its member and component now and in its open row (nulls when none)
    private static List<Row> graphChanges(IdentifierKey key, String member, String component, String openMember, String openComponent, Timestamp runTime, String runId)
    {
        String type = key.type().name();
        if (member == null) {
            // no member any more: closes the open row
            return openMember == null ? List.of() : List.of(RowFactory.create(type, key.token(), type, key.token(), null, null, runTime, runId));
        }
        if (member.equals(openMember) && component.equals(openComponent)) {
            return List.of();
        }
        // matches the open row: closes it when the member changed, else moves it to its new component
        Row matching = RowFactory.create(type, key.token(), type, key.token(), member, component, runTime, runId);
        if (openMember == null || member.equals(openMember)) {
            return List.of(matching);
        }
        // matches nothing: the new period
        return List.of(matching, RowFactory.create(null, null, type, key.token(), member, component, runTime, runId));
    }

    /**
     * The rows of {@code identity.members} a run changes ({@link #MEMBER_CHANGES}): each cluster's member when it
     * is new or its size or founding changed, each new alias and each retired member.
     */
    static List<Row> memberChanges(String runId, Timestamp now, List<Cluster> clusters, MemberIdAssigner.Result ids, Map<String, Integer> previousSizes,
            MemberAssignment previous)
    {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Cluster cluster : clusters) {
            String id = ids.memberIdByClusterKey().get(cluster.clusterKey());
            MemberInfo info = ids.assignment().members().get(id);
            Integer size = previousSizes.get(id);
            if (size == null || size != cluster.identifiers().size() || !previous.members().get(id).equals(info)) {
                rows.put(id, RowFactory.create(id, "ACTIVE", timestamp(info.createdAt()), info.anchor().toString(), cluster.identifiers().size(), null, now, runId));
            }
        }
        for (AliasRecord alias : ids.changes().aliased()) {
            rows.put(alias.aliasId(), RowFactory.create(alias.aliasId(), "ALIAS", timestamp(alias.aliasCreatedAt()), alias.aliasAnchor().toString(), 0,
                    alias.memberId(), now, runId));
        }
        for (String retired : ids.changes().retired()) {
            MemberInfo info = previous.members().get(retired);
            rows.put(retired, RowFactory.create(retired, "RETIRED", timestamp(info.createdAt()), info.anchor().toString(), 0, null, now, runId));
        }
        return new ArrayList<>(rows.values());
    }

    /** MERGE INTO {@code identity.members} of changed rows; {@code ids}, when known, restrict the members it joins. */
    private void mergeMembers(Dataset<Row> changed, Set<String> ids)
    {
        if (changed.isEmpty()) {
            return;
        }
        if (tables.spark().table(tables.name(IdentityTables.MEMBERS)).isEmpty()) {
            tables.append(IdentityTables.MEMBERS, changed);
            return;
        }
        // a run over a region changes few members: only their rows are joined, not every member's
        Column on = col("members.member_id").equalTo(col("s.member_id"));
        if (ids != null && ids.size() <= IN_LIST_KEYS) {
            on = on.and(col("members.member_id").isInCollection(ids));
        }
        changed.as("s").mergeInto(tables.name(IdentityTables.MEMBERS), on)
                .whenMatched().updateAll()
                .whenNotMatched().insertAll()
                .merge();
    }

    /** The rows of {@code identity.aliases} a run changes ({@link #ALIAS_CHANGES}): new aliases, and revived ids to delete. */
    static List<Row> aliasChanges(String runId, AssignmentChanges changes)
    {
        List<Row> rows = new ArrayList<>();
        for (AliasRecord alias : changes.aliased()) {
            IdentityEdge cause = alias.cause();
            rows.add(RowFactory.create("upsert", alias.aliasId(), alias.memberId(), timestamp(alias.aliasCreatedAt()), alias.aliasAnchor().toString(),
                    timestamp(alias.mergedAt()), cause == null ? null : cause.linkId(), cause == null ? null : cause.rule(),
                    cause == null ? null : cause.sourceEventId(), runId));
        }
        for (String revived : changes.revived()) {
            rows.add(RowFactory.create("delete", revived, null, null, null, null, null, null, null, runId));
        }
        return rows;
    }

    private void mergeAliases(Dataset<Row> changes)
    {
        if (changes.isEmpty()) {
            return;
        }
        tables.merge(IdentityTables.ALIASES, changes, """
                ON t.alias_id = s.alias_id
                WHEN MATCHED AND s.op = 'delete' THEN DELETE
                WHEN MATCHED THEN UPDATE SET t.member_id = s.member_id, t.alias_created_at = s.alias_created_at, t.alias_anchor = s.alias_anchor,
                  t.merged_at = s.merged_at, t.cause_link_id = s.cause_link_id, t.cause_rule = s.cause_rule,
                  t.cause_source_event_id = s.cause_source_event_id, t.run_id = s.run_id
                WHEN NOT MATCHED AND s.op = 'upsert' THEN
                  INSERT (alias_id, member_id, alias_created_at, alias_anchor, merged_at, cause_link_id, cause_rule, cause_source_event_id, run_id)
                  VALUES (s.alias_id, s.member_id, s.alias_created_at, s.alias_anchor, s.merged_at, s.cause_link_id, s.cause_rule, s.cause_source_event_id, s.run_id)
                """);
    }

    // the identifier type and token of each quarantined identifier of a region (column key) in Spark
    private List<Row> quarantinedAmong(Dataset<Row> regionKeys)
    {
        return quarantined().join(regionKeys, IdentityTables.identifierKey().equalTo(regionKeys.col("key")), "left_semi").collectAsList();
    }

    // the same of a region on the driver: the quarantine holds few rows (hubs only)
    private List<Row> quarantinedAmong(Set<IdentifierKey> region)
    {
        return quarantined().collectAsList().stream()
                .filter(row -> region.contains(IdentifierKey.parse(row.getString(0) + ":" + row.getString(1))))
                .toList();
    }

    private Dataset<Row> quarantined()
    {
        return tables.spark().table(tables.name(IdentityTables.QUARANTINE)).select(col("identifier_type"), col("token"));
    }

    /** @param quarantinedBefore the region's identifiers quarantined before the run (type, token) */
    private void writeQuarantine(String runId, Instant now, List<Row> quarantinedBefore, List<QuarantineResult> hubs)
    {
        StructType sample = new StructType()
                .add("link_id", DataTypes.StringType, false)
                .add("neighbour", DataTypes.StringType, false)
                .add("rule", DataTypes.StringType, false)
                .add("observed_at", DataTypes.TimestampType, false);
        StructType schema = new StructType()
                .add("op", DataTypes.StringType, false)
                .add("identifier_type", DataTypes.StringType, false)
                .add("token", DataTypes.StringType, false)
                .add("neighbour_type", DataTypes.StringType, true)
                .add("distinct_neighbours", DataTypes.IntegerType, true)
                .add("threshold", DataTypes.IntegerType, true)
                .add("sample_edges", DataTypes.createArrayType(sample, false), true)
                .add("since", DataTypes.TimestampType, false)
                .add("run_id", DataTypes.StringType, false);
        List<Row> rows = new ArrayList<>();
        Set<String> hubKeys = new HashSet<>();
        for (QuarantineResult hub : hubs) {
            IdentifierKey key = IdentifierKey.parse(hub.key());
            hubKeys.add(hub.key());
            List<Row> samples = new ArrayList<>();
            for (EdgeRow edgeRow : hub.samples()) {
                IdentityEdge edge = edgeRow.toEdge();
                samples.add(RowFactory.create(edge.linkId(), edge.other(key).key().toString(), edge.rule(), timestamp(edge.observedAt())));
            }
            rows.add(RowFactory.create("upsert", key.type().name(), key.token(), hub.neighbourType(), hub.distinctNeighbours(), hub.threshold(),
                    scala.jdk.javaapi.CollectionConverters.asScala(samples).toSeq(), timestamp(now), runId));
        }
        // region identifiers quarantined before and not any more
        for (Row row : quarantinedBefore) {
            if (!hubKeys.contains(row.getString(0) + ":" + row.getString(1))) {
                rows.add(RowFactory.create("delete", row.getString(0), row.getString(1), null, null, null, null, timestamp(now), runId));
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        tables.merge(IdentityTables.QUARANTINE, tables.rows(rows, schema), """
                ON t.identifier_type = s.identifier_type AND t.token = s.token
                WHEN MATCHED AND s.op = 'delete' THEN DELETE
                WHEN MATCHED THEN UPDATE SET t.neighbour_type = s.neighbour_type, t.distinct_neighbours = s.distinct_neighbours,
                  t.threshold = s.threshold, t.sample_edges = s.sample_edges, t.run_id = s.run_id
                WHEN NOT MATCHED AND s.op = 'upsert' THEN
                  INSERT (identifier_type, token, neighbour_type, distinct_neighbours, threshold, sample_edges, since, run_id)
                  VALUES (s.identifier_type, s.token, s.neighbour_type, s.distinct_neighbours, s.threshold, s.sample_edges, s.since, s.run_id)
                """);
    }


    /** Replaces the conflicts of the given components (column {@code component_key}) by {@code conflicts}. */
    private void writeConflicts(Dataset<Row> componentKeys, Dataset<Row> conflicts)
    {
        if (!componentKeys.isEmpty()) {
            tables.merge(IdentityTables.CONFLICTS, componentKeys.toDF("component_key"), "ON t.component_key = s.component_key WHEN MATCHED THEN DELETE");
        }
        if (!conflicts.isEmpty()) {
            tables.append(IdentityTables.CONFLICTS, conflicts);
        }
    }

    private StructType conflictSchema()
    {
        return tables.spark().table(tables.name(IdentityTables.CONFLICTS)).schema();
    }

    /** The rows of {@code identity.conflicts} of one component. */
    static List<Row> conflictRows(String runId, ComponentResult component)
    {
        List<Row> rows = new ArrayList<>();
        for (ConflictResult conflict : component.getConflicts()) {
            IdentityEdge edge = conflict.getEdge().toEdge();
            rows.add(RowFactory.create(edge.linkId(), edge.left().key().toString(), edge.right().key().toString(), edge.rule(), edge.sourceEventId(),
                    timestamp(edge.observedAt()), conflict.getLimitedType(), conflict.getLimit(),
                    scala.jdk.javaapi.CollectionConverters.asScala(conflict.getLeftValues()).toSeq(),
                    scala.jdk.javaapi.CollectionConverters.asScala(conflict.getRightValues()).toSeq(),
                    conflict.getObservations(), component.getComponentKey(), runId));
        }
        return rows;
    }

    private RunReport nothing(Instant started, Mode mode, Long snapshot, String note)
    {
        return record(started, mode, snapshot, new RunReport("run-" + UUID.randomUUID(), mode, snapshot, 0, 0, 0, 0, 0, 0, 0, 0, note));
    }

    private RunReport record(Instant started, Mode mode, Long snapshot, RunReport report)
    {
        StructType schema = tables.spark().table(tables.name(IdentityTables.RUNS)).schema();
        Row row = RowFactory.create(report.runId(), mode.name(), timestamp(started), timestamp(Instant.now()), snapshot, report.linksRead(),
                report.regionIdentifiers(), report.components(), report.membersCreated(), report.membersAliased(), report.membersSplit(), report.membersRetired());
        tables.append(IdentityTables.RUNS, tables.rows(List.of(row), schema));
        return report;
    }
}
