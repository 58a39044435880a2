package org.opencdp.batch.identity;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.batch.identity.Resolved.ClusterResult;
import org.opencdp.batch.identity.Resolved.ComponentResult;
import org.opencdp.identity.cluster.Cluster;
import org.opencdp.identity.edge.Identifier;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.identity.ids.AliasRecord;
import org.opencdp.identity.ids.HashedMemberIdGenerator;
import org.opencdp.identity.ids.MemberAssignment;
import org.opencdp.identity.ids.MemberIdAssigner;
import org.opencdp.identity.ids.MemberInfo;
import org.opencdp.schemas.avro.IdentifierType;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Member ids assigned in Spark, group by group, are those of one {@link MemberIdAssigner} call over every cluster:
 * a merge (with its cause), a split, an alias revived by its founding identifier, a retirement and a new member,
 * where the first three share previous members and so one group.
 */
@Timeout(300)
class SparkMemberIdsTest
{
    private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");

    @TempDir
    Path home;

    @Test
    void groupsAssignTheIdsOfOneCallOverEveryCluster()
    {
        IdentityTables tables = LocalIdentityTables.open(home, "spark-member-ids-test");
        SparkSession spark = tables.spark();
        try {
            // before: m1 {a1, a2, a3}, m2 {b1, b2}, m3 {d1}; alias x (older than m1) merged into m1, founded at a3
            Map<IdentifierKey, String> memberOf = new HashMap<>();
            for (String key : List.of("a1", "a2", "a3")) {
                memberOf.put(phone(key), "m1");
            }
            memberOf.put(phone("b1"), "m2");
            memberOf.put(phone("b2"), "m2");
            memberOf.put(phone("d1"), "m3");
            Map<String, MemberInfo> members = Map.of(
                    "m1", new MemberInfo("m1", at(1), phone("a1")),
                    "m2", new MemberInfo("m2", at(4), phone("b1")),
                    "m3", new MemberInfo("m3", at(6), phone("d1")));
            AliasRecord x = new AliasRecord("x", "m1", at(0.5), phone("a3"), at(7), null);
            MemberAssignment previous = new MemberAssignment(memberOf, members, Map.of("x", x), Set.of());

            // after: C1 {a1, b1} merges m1 and m2 by an edge observed on day 9; C2 {b2, e1} leaves m2; C3 {a2, a3}
            // leaves m1 with x's founding identifier; C4 {f1} is new; d1 is in no cluster
            IdentityEdge merge = new IdentityEdge("link-merge", identifier("a1"), identifier("b1"), "login", "APP", "event-merge", at(9));
            Map<IdentifierKey, Instant> firstSeen = new HashMap<>();
            String[] keys = {"a1", "a2", "a3", "b1", "b2", "d1", "e1", "f1"};
            for (int i = 0; i < keys.length; i++) {
                firstSeen.put(phone(keys[i]), at(1 + i));
            }
            List<Cluster> clusters = List.of(
                    new Cluster(phone("a1"), List.of(phone("a1"), phone("b1")), List.of(merge)),
                    new Cluster(phone("b2"), List.of(phone("b2"), phone("e1")), List.of()),
                    new Cluster(phone("a2"), List.of(phone("a2"), phone("a3")), List.of()),
                    new Cluster(phone("f1"), List.of(phone("f1")), List.of()));
            MemberIdAssigner.Result expected = new MemberIdAssigner(new HashedMemberIdGenerator()).assign(previous, memberOf.keySet(), clusters, firstSeen::get);
            assertThat(expected.changes().aliased()).as("the merge").hasSize(1);
            assertThat(expected.changes().revived()).as("the alias revived").containsExactly("x");
            assertThat(expected.changes().retired()).as("the retirement").containsExactly("m3");
            assertThat(expected.changes().created()).as("the split's part and the new member").hasSize(2);

            Timestamp now = Timestamp.from(at(10));
            Dataset<Row> assigned = SparkMemberIds.assign(components(spark, clusters, firstSeen), previousRows(spark, memberOf), memberRows(spark, members, memberOf),
                    List.of(RowFactory.create("x", "m1", Timestamp.from(x.aliasCreatedAt()), "PHONE:a3", Timestamp.from(x.mergedAt()))), Set.of(), "run-1", at(10));

            Map<String, String> ids = new TreeMap<>();
            expected.memberIdByClusterKey().forEach((cluster, member) -> ids.put(cluster.toString(), member));
            assertThat(pairs(assigned.where(col("kind").equalTo(SparkMemberIds.CLUSTER)))).isEqualTo(ids);
            assertThat(ids(assigned, SparkMemberIds.CREATED)).containsExactlyInAnyOrderElementsOf(expected.changes().created().stream().map(MemberInfo::memberId).toList());
            assertThat(ids(assigned, SparkMemberIds.RETIRED)).containsExactly("m3");
            assertThat(ids(assigned, SparkMemberIds.SPLIT)).hasSize(expected.changes().splits().size());
            assertThat(assigned.where(col("kind").equalTo(SparkMemberIds.MEMBER)).select(col("member.*")).collectAsList())
                    .containsExactlyInAnyOrderElementsOf(IdentityResolution.memberChanges("run-1", now, clusters, expected, sizes(memberOf), previous));
            assertThat(assigned.where(col("kind").equalTo(SparkMemberIds.ALIAS)).select(col("alias.*")).collectAsList())
                    .as("m2 aliased to m1 with the merging edge as cause, x deleted")
                    .containsExactlyInAnyOrderElementsOf(IdentityResolution.aliasChanges("run-1", expected.changes()));
        }
        finally {
            spark.stop();
        }
    }

    private static Dataset<ComponentResult> components(SparkSession spark, List<Cluster> clusters, Map<IdentifierKey, Instant> firstSeen)
    {
        List<ComponentResult> components = new ArrayList<>();
        for (Cluster cluster : clusters) {
            ComponentResult component = new ComponentResult();
            component.setComponentKey(cluster.clusterKey().toString());
            component.setClusters(List.of(new ClusterResult(cluster.clusterKey().toString(),
                    cluster.identifiers().stream().map(IdentifierKey::toString).toList(),
                    cluster.identifiers().stream().map(key -> firstSeen.get(key).toEpochMilli()).toList(),
                    cluster.acceptedEdges().stream().map(EdgeRow::of).toList())));
            component.setConflicts(List.of());
            components.add(component);
        }
        return spark.createDataset(components, IdentityPipeline.COMPONENT);
    }

    private static Dataset<Row> previousRows(SparkSession spark, Map<IdentifierKey, String> memberOf)
    {
        List<Row> rows = new ArrayList<>();
        memberOf.forEach((key, member) -> rows.add(RowFactory.create(key.toString(), member, "component-" + member)));
        return spark.createDataFrame(rows, new StructType()
                .add("key", DataTypes.StringType, false)
                .add("member_id", DataTypes.StringType, false)
                .add("component_key", DataTypes.StringType, false));
    }

    private static Dataset<Row> memberRows(SparkSession spark, Map<String, MemberInfo> members, Map<IdentifierKey, String> memberOf)
    {
        List<Row> rows = new ArrayList<>();
        Map<String, Integer> sizes = sizes(memberOf);
        members.values().forEach(info -> rows.add(RowFactory.create(info.memberId(), Timestamp.from(info.createdAt()), info.anchor().toString(), sizes.get(info.memberId()))));
        return spark.createDataFrame(rows, new StructType()
                .add("member_id", DataTypes.StringType, false)
                .add("created_at", DataTypes.TimestampType, false)
                .add("anchor", DataTypes.StringType, false)
                .add("identifiers", DataTypes.IntegerType, false));
    }

    private static Map<String, Integer> sizes(Map<IdentifierKey, String> memberOf)
    {
        Map<String, Integer> sizes = new HashMap<>();
        memberOf.values().forEach(member -> sizes.merge(member, 1, Integer::sum));
        return sizes;
    }

    private static Map<String, String> pairs(Dataset<Row> rows)
    {
        Map<String, String> pairs = new TreeMap<>();
        rows.select(col("cluster_key"), col("member_id")).collectAsList().forEach(row -> pairs.put(row.getString(0), row.getString(1)));
        return pairs;
    }

    private static List<String> ids(Dataset<Row> assigned, String kind)
    {
        return assigned.where(col("kind").equalTo(kind)).select(col("member_id")).as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    }

    private static IdentifierKey phone(String token)
    {
        return IdentifierKey.of(IdentifierType.PHONE, token);
    }

    private static Identifier identifier(String token)
    {
        return new Identifier(phone(token), false);
    }

    private static Instant at(double day)
    {
        return T0.plusSeconds((long) (day * 86_400));
    }
}
