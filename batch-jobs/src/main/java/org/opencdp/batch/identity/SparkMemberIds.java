package org.opencdp.batch.identity;

import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.CoGroupFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.opencdp.batch.identity.Resolved.ClusterResult;
import org.opencdp.identity.cluster.Cluster;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.ids.AliasRecord;
import org.opencdp.identity.ids.HashedMemberIdGenerator;
import org.opencdp.identity.ids.MemberAssignment;
import org.opencdp.identity.ids.MemberIdAssigner;
import org.opencdp.identity.ids.MemberInfo;
import org.opencdp.identity.ids.SplitRecord;
import scala.Tuple2;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Stable member ids for clusters resolved in Spark, assigned where the clusters are: no place holds every
 * cluster, so a graph larger than the driver's memory gets its ids as a small one does.
 *
 * <p>{@link MemberIdAssigner} decides each cluster from the previous members of its identifiers, and a previous
 * member from every cluster holding one of its identifiers (its id goes to the one with its oldest identifier).
 * The clusters and the previous members joined by their identifiers therefore fall into independent groups, the
 * connected components of that bipartite graph ({@link ConnectedComponents}); each group is one call of the
 * assigner, with the aliases anchored at its identifiers (and their chains), which gives the ids one call over
 * everything would. A cluster without a previous member is a group of its own, and so is a previous member none
 * of whose identifiers is clustered any more (it is retired).
 */
final class SparkMemberIds
{
    /** What the groups give, one row per fact: a cluster's member id, a changed row of the members or aliases table, a created, split or retired id. */
    static final StructType ASSIGNED = new StructType()
            .add("kind", DataTypes.StringType, false)
            .add("cluster_key", DataTypes.StringType, true)
            .add("member_id", DataTypes.StringType, true)
            .add("member", IdentityResolution.MEMBER_CHANGES, true)
            .add("alias", IdentityResolution.ALIAS_CHANGES, true);

    static final String CLUSTER = "CLUSTER";
    static final String MEMBER = "MEMBER";
    static final String ALIAS = "ALIAS";
    static final String CREATED = "CREATED";
    static final String SPLIT = "SPLIT";
    static final String RETIRED = "RETIRED";

    private SparkMemberIds() {}

    /**
     * @param components the run's resolved components
     * @param previousRows the open rows of the run's region (columns {@code key}, {@code member_id})
     * @param members the active members (columns {@code member_id}, {@code created_at}, {@code anchor}, {@code identifiers})
     * @param aliases every alias (columns {@code alias_id}, {@code member_id}, {@code alias_created_at}, {@code alias_anchor}, {@code merged_at})
     * @param issued ids to pass over besides those of the group's members and aliases (ids an earlier member took)
     * @return rows of {@link #ASSIGNED}, materialized
     */
    static Dataset<Row> assign(Dataset<Resolved.ComponentResult> components, Dataset<Row> previousRows, Dataset<Row> members, List<Row> aliases,
            Set<String> issued, String runId, Instant now)
    {
        Dataset<Row> clusters = components.select(explode(col("clusters")).as("cluster")).select(col("cluster.*"));
        Dataset<Row> clustered = clusters.select(explode(col("identifiers")).as("key"), col("clusterKey").as("cluster_key"));
        Dataset<Row> previous = previousRows.select(col("key").as("previous_key"), col("member_id"));
        // each cluster with each of its earlier ids: the previous members of its identifiers, and the aliases
        // founded at them
        Dataset<Row> pairs = IdentityPipeline.materialize(clustered.join(previous, col("key").equalTo(col("previous_key")))
                .select(col("cluster_key"), col("member_id")).distinct());
        Dataset<Row> anchors = IdentityPipeline.toTasks(aliasAnchors(clustered.sparkSession(), aliases));
        Dataset<Row> earlier = pairs.union(clustered.join(anchors, col("key").equalTo(col("alias_anchor"))).select(col("cluster_key"), col("alias_id")));
        // a hash collision only puts two groups into one call, which assigns them as the two groups they are
        Column clusterVertex = xxhash64(lit("cluster"), col("cluster_key"));
        Column memberVertex = xxhash64(lit("member"), col("member_id"));
        ConnectedComponents.Result groups = ConnectedComponents.components(pairs.select(clusterVertex.as("src"), memberVertex.as("dst")));
        Dataset<Row> roots = IdentityPipeline.toTasks(groups.roots(), IdentityPipeline.BROADCAST_ROOTS);

        // the accepted edges only of the clusters with two or more earlier ids, the only ones the assigner reads
        // them of (MemberIdAssigner.mayMerge)
        Dataset<Row> merging = earlier.groupBy(col("cluster_key").as("merging_key")).count().where(col("count").gt(1)).select(col("merging_key"));
        Dataset<Row> clusterGroups = clusters.join(merging, col("clusterKey").equalTo(col("merging_key")), "left")
                .withColumn("acceptedEdges", when(col("merging_key").isNotNull(), col("acceptedEdges"))
                        .otherwise(filter(col("acceptedEdges"), edge -> lit(false))))
                .withColumn("cluster_key", col("clusterKey"))
                .withColumn("v", clusterVertex);
        Dataset<Tuple2<Long, ClusterResult>> groupedClusters = clusterGroups.join(roots, col("v").equalTo(roots.col("vertex")), "left")
                .select(coalesce(col("root"), col("v")), struct(col("clusterKey"), col("identifiers"), col("firstSeen"), col("acceptedEdges")))
                .as(Encoders.tuple(Encoders.LONG(), Encoders.bean(ClusterResult.class)));
        Dataset<Row> memberRows = previousRows.select(col("key"), col("member_id"))
                .join(members, "member_id")
                .withColumn("v", memberVertex);
        Dataset<Row> groupedMembers = memberRows.join(roots, col("v").equalTo(roots.col("vertex")), "left")
                .select(coalesce(col("root"), col("v")).as("group"), col("key"), col("member_id"), col("created_at"), col("anchor"), col("identifiers"));

        // the aliases are sent to each executor once, not with every task
        Broadcast<List<Row>> aliasRows = JavaSparkContext.fromSparkContext(components.sparkSession().sparkContext()).broadcast(List.copyOf(aliases));
        Group group = new Group(aliasRows, issued, runId, Timestamp.from(now));
        Dataset<Row> assigned = groupedClusters.groupByKey((MapFunction<Tuple2<Long, ClusterResult>, Long>) Tuple2::_1, Encoders.LONG())
                .cogroup(groupedMembers.groupByKey((MapFunction<Row, Long>) row -> row.getLong(0), Encoders.LONG()),
                        (CoGroupFunction<Long, Tuple2<Long, ClusterResult>, Row, Row>) (key, clusterRows, previousMembers) -> group.assign(clusterRows, previousMembers),
                        Encoders.row(ASSIGNED));
        Dataset<Row> result = IdentityPipeline.materialize(assigned);
        groups.release();
        IdentityPipeline.release(pairs);
        return result;
    }

    /** An alias row as {@code identity.aliases} gives it to the assigner (columns of {@code assign}'s {@code aliases}), without its cause. */
    static AliasRecord aliasRecord(Row row)
    {
        return new AliasRecord(row.getString(0), row.getString(1), row.getTimestamp(2).toInstant(), IdentifierKey.parse(row.getString(3)),
                row.getTimestamp(4).toInstant(), null);
    }

    private static Dataset<Row> aliasAnchors(SparkSession spark, List<Row> aliases)
    {
        List<Row> anchors = aliases.stream().map(alias -> RowFactory.create(alias.getString(0), alias.getString(3))).toList();
        return IdentityTables.rows(spark, anchors, new StructType()
                .add("alias_id", DataTypes.StringType, false)
                .add("alias_anchor", DataTypes.StringType, false));
    }

    /** One group's call of the assigner; the aliases are indexed once per task. */
    private static final class Group
            implements Serializable
    {
        private static final long serialVersionUID = 1L;

        private final Broadcast<List<Row>> aliasRows;
        private final Set<String> issued;
        private final String runId;
        private final Timestamp now;
        // every alias, indexed by founding identifier
        private transient MemberAssignment aliases;

        Group(Broadcast<List<Row>> aliasRows, Set<String> issued, String runId, Timestamp now)
        {
            this.aliasRows = requireNonNull(aliasRows, "aliasRows is null");
            this.issued = Set.copyOf(issued);
            this.runId = requireNonNull(runId, "runId is null");
            this.now = requireNonNull(now, "now is null");
        }

        Iterator<Row> assign(Iterator<Tuple2<Long, ClusterResult>> clusterRows, Iterator<Row> previousMembers)
        {
            indexAliases();
            Map<IdentifierKey, String> previousMemberOf = new HashMap<>();
            Map<String, MemberInfo> members = new HashMap<>();
            Map<String, Integer> previousSizes = new HashMap<>();
            previousMembers.forEachRemaining(row -> {
                String member = row.getString(2);
                previousMemberOf.put(IdentifierKey.parse(row.getString(1)), member);
                members.computeIfAbsent(member, id -> new MemberInfo(id, row.getTimestamp(3).toInstant(), IdentifierKey.parse(row.getString(4))));
                previousSizes.put(member, row.getInt(5));
            });
            List<ClusterResult> results = new ArrayList<>();
            clusterRows.forEachRemaining(row -> results.add(row._2()));
            Map<IdentifierKey, Instant> firstSeen = new HashMap<>();
            Set<IdentifierKey> keys = new HashSet<>(previousMemberOf.keySet());
            for (ClusterResult cluster : results) {
                for (int i = 0; i < cluster.getIdentifiers().size(); i++) {
                    IdentifierKey key = IdentifierKey.parse(cluster.getIdentifiers().get(i));
                    firstSeen.put(key, Instant.ofEpochMilli(cluster.getFirstSeen().get(i)));
                    keys.add(key);
                }
            }
            MemberAssignment previous = new MemberAssignment(previousMemberOf, members, aliasesOf(keys), issued);
            // accepted edges come only with the clusters that may merge earlier ids (emptied in Spark for the others)
            List<Cluster> clusters = new ArrayList<>();
            for (ClusterResult cluster : results) {
                clusters.add(new Cluster(IdentifierKey.parse(cluster.getClusterKey()), cluster.getIdentifiers().stream().map(IdentifierKey::parse).toList(),
                        cluster.getAcceptedEdges().stream().map(EdgeRow::toEdge).toList()));
            }
            MemberIdAssigner.Result ids = new MemberIdAssigner(new HashedMemberIdGenerator()).assign(previous, previousMemberOf.keySet(), clusters, firstSeen::get);

            List<Row> out = new ArrayList<>();
            ids.memberIdByClusterKey().forEach((cluster, member) -> out.add(RowFactory.create(CLUSTER, cluster.toString(), member, null, null)));
            for (Row member : IdentityResolution.memberChanges(runId, now, clusters, ids, previousSizes, previous)) {
                out.add(RowFactory.create(MEMBER, null, member.getString(0), member, null));
            }
            for (Row alias : IdentityResolution.aliasChanges(runId, ids.changes())) {
                out.add(RowFactory.create(ALIAS, null, alias.getString(1), null, alias));
            }
            ids.changes().created().forEach(info -> out.add(RowFactory.create(CREATED, null, info.memberId(), null, null)));
            for (SplitRecord split : ids.changes().splits()) {
                out.add(RowFactory.create(SPLIT, null, split.newMemberId(), null, null));
            }
            ids.changes().retired().forEach(id -> out.add(RowFactory.create(RETIRED, null, id, null, null)));
            return out.iterator();
        }

        // the aliases founded at the group's identifiers, with the aliases their chains pass through
        private Map<String, AliasRecord> aliasesOf(Set<IdentifierKey> keys)
        {
            Map<String, AliasRecord> found = new HashMap<>();
            for (IdentifierKey key : keys) {
                for (AliasRecord alias : aliases.aliasesAnchoredAt(key)) {
                    for (AliasRecord link = alias; link != null && found.putIfAbsent(link.aliasId(), link) == null; ) {
                        link = aliases.aliases().get(link.memberId());
                    }
                }
            }
            return found;
        }

        private void indexAliases()
        {
            if (aliases == null) {
                Map<String, AliasRecord> all = new HashMap<>();
                aliasRows.value().forEach(row -> all.put(row.getString(0), aliasRecord(row)));
                aliases = new MemberAssignment(Map.of(), Map.of(), all, Set.of());
            }
        }
    }
}
