package org.opencdp.batch.identity;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.identity.cluster.BadMarks;
import org.opencdp.identity.cluster.Quarantine;
import org.opencdp.identity.cluster.ReferenceClustering;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.identity.graph.IdentityGraph;
import org.opencdp.identity.ids.HashedMemberIdGenerator;
import org.opencdp.identity.rules.IdentityRules;
import org.opencdp.schemas.avro.IdentifierType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.batch.identity.GeneratedLinks.id;

/**
 * The Spark identity job on generated graphs with hubs, long chains and limit conflicts, against the core on
 * the same edges: the single-machine reference for the clusters, and the core's in-memory graph for the member
 * ids, aliases and unmerge.
 */
@Timeout(400)
class IdentityResolutionJobTest
{
    private final IdentityRules rules = IdentityRules.defaults();

    @TempDir
    Path home;

    /**
     * @param localRegionLinks 0: incremental and unmerge runs resolve their region in the Spark stages; the
     *     default: on the driver
     */
    @ParameterizedTest(name = "regions of up to {0} links on the driver")
    @ValueSource(longs = {0, IdentityResolution.LOCAL_REGION_LINKS})
    void fullIncrementalAndUnmergeRunsAgreeWithTheCore(long localRegionLinks)
            throws Exception
    {
        IdentityTables tables = LocalIdentityTables.open(home, "identity-test");
        SparkSession spark = tables.spark();
        try {
            // rounds of large-star/small-star only: these graphs are small enough for the driver
            IdentityResolution job = new IdentityResolution(tables, new RuleContext(new Properties(), BadMarks.none()), edges -> ConnectedComponents.components(edges, 0),
                    localRegionLinks);
            GeneratedLinks generator = new GeneratedLinks(11);

            // two members that a later edge merges: P is older than Q
            IdentityEdge p = generator.edge(id(IdentifierType.MEMBER_CARD, "card-P"), id(IdentifierType.WECHAT_OPENID, "openid-P"), 2);
            IdentityEdge q = generator.edge(id(IdentifierType.PHONE, "phone-Q"), id(IdentifierType.WECHAT_OPENID, "openid-Q"), 5);
            List<IdentityEdge> edges = new ArrayList<>(generator.people(300, 400));
            edges.add(p);
            edges.add(q);
            // a phone seen with six cards (a hub), each card a member with its openid
            for (int i = 0; i < 6; i++) {
                edges.add(generator.edge(id(IdentifierType.MEMBER_CARD, "card-H" + i), id(IdentifierType.WECHAT_OPENID, "openid-H" + i), 1 + i));
                edges.add(generator.edge(id(IdentifierType.MEMBER_CARD, "card-H" + i), id(IdentifierType.PHONE, "phone-H"), 10 + i));
            }
            // a member whose links a later erasure deletes
            IdentityEdge erased = generator.edge(id(IdentifierType.MEMBER_CARD, "card-E"), id(IdentifierType.WECHAT_OPENID, "openid-E"), 3);
            edges.add(erased);
            assertThat(edges).hasSizeGreaterThan(2_000);

            // 1. full run == the reference
            GeneratedLinks.append(spark, edges);
            IdentityResolution.RunReport full = job.run(IdentityResolution.Mode.FULL);
            assertThat(full.ccRounds()).as("rounds of connected components").isPositive();
            ReferenceClustering.ReferenceResult reference = ReferenceClustering.resolve(rules, edges, BadMarks.none());
            assertThat(clusterKeys(tables)).isEqualTo(reference.clusterKeys());
            assertThat(reference.quarantines()).as("generated hubs").hasSizeGreaterThanOrEqualTo(2);
            assertThat(reference.conflicts()).as("generated limit conflicts").isNotEmpty();
            assertThat(quarantined(tables)).isEqualTo(reference.quarantines().stream().map(IdentityResolutionJobTest::evidence).sorted().toList());
            assertThat(strings(spark, "SELECT link_id FROM cdp.identity.conflicts ORDER BY link_id"))
                    .isEqualTo(reference.conflicts().stream().map(conflict -> conflict.edge().linkId()).sorted().toList());
            IdentityGraph core = IdentityGraph.build(rules, edges);
            assertThat(memberIds(tables)).isEqualTo(strings(core.memberIds()));
            String idP = core.memberOf(IdentifierKey.of(IdentifierType.MEMBER_CARD, "card-P")).orElseThrow();
            String idQ = core.memberOf(IdentifierKey.of(IdentifierType.PHONE, "phone-Q")).orElseThrow();
            assertThat(idP).isNotEqualTo(idQ);

            // 2. incremental run with about 1% new edges, one of them merging P and Q
            Random random = new Random(5);
            List<IdentityEdge> added = new ArrayList<>();
            IdentityEdge merge = generator.edge(id(IdentifierType.WECHAT_OPENID, "openid-P"), id(IdentifierType.WECHAT_OPENID, "openid-Q"), 320);
            added.add(merge);
            for (int i = 0; i < edges.size() / 100; i++) {
                IdentityEdge existing = edges.get(random.nextInt(edges.size()));
                added.add(generator.edge(existing.left(), random.nextBoolean() ? existing.right() : id(IdentifierType.WECHAT_OPENID, "new-openid" + i), 330 + i));
            }
            GeneratedLinks.append(spark, added);
            IdentityResolution.RunReport incremental = job.run(IdentityResolution.Mode.INCREMENTAL);
            IdentityGraph coreAfter = core.apply(added);
            Map<String, String> afterIncremental = memberIds(tables);
            assertThat(afterIncremental).isEqualTo(strings(coreAfter.memberIds()));
            assertThat(incremental.regionIdentifiers()).as("identifiers recomputed").isLessThan(afterIncremental.size() / 2);
            assertThat(afterIncremental.get("WECHAT_OPENID:openid-Q")).as("a merge keeps the oldest id").isEqualTo(idP);
            assertThat(aliases(tables)).containsEntry(idQ, idP).isEqualTo(aliasTargets(coreAfter));
            assertThat(strings(spark, "SELECT concat(cause_link_id, ' ', cast(merged_at AS string)) FROM cdp.identity.aliases WHERE alias_id = '" + idQ + "'"))
                    .as("the merge's cause: the newest accepted edge between the two members")
                    .containsExactly(merge.linkId() + " " + spark.sql("SELECT cast(timestamp_millis(" + merge.observedAt().toEpochMilli() + ") AS string)").first().getString(0));
            List<IdentityEdge> all = new ArrayList<>(edges);
            all.addAll(added);
            assertThat(clusterKeys(tables)).isEqualTo(ReferenceClustering.clusterKeys(rules, all));
            // merge-on-read: the run's commit to the graph adds the changed rows and deletes of the closed ones, and
            // rewrites none of the files the full run wrote
            assertThat(strings(spark, "SELECT concat(coalesce(summary['deleted-data-files'], '0'), '/', summary['added-position-delete-files'] > 0)"
                    + " FROM cdp.identity.graph.snapshots ORDER BY committed_at DESC LIMIT 1"))
                    .containsExactly("0/true");

            // 3. a full recompute of the same edges changes nothing
            IdentityResolution.RunReport again = job.run(IdentityResolution.Mode.FULL);
            assertThat(memberIds(tables)).isEqualTo(afterIncremental);
            assertThat(again.membersCreated() + again.membersAliased() + again.membersSplit() + again.membersRetired()).isZero();

            // 4. unmerge the merging edge: Q gets its id back, P keeps its own
            IdentityResolution.RunReport unmerge = job.unmerge(Optional.of(merge.linkId()), Optional.empty(), "two people");
            assertThat(unmerge.membersAliased()).as("an id revived, none aliased").isZero();
            assertThat(unmerge.membersSplit()).as("Q's part left P with its old id").isEqualTo(1);
            IdentityGraph coreUnmerged = coreAfter.markEdgeBad(merge.linkId(), "two people");
            assertThat(memberIds(tables)).isEqualTo(strings(coreUnmerged.memberIds()));
            assertThat(memberIds(tables)).containsEntry("WECHAT_OPENID:openid-Q", idQ).containsEntry("WECHAT_OPENID:openid-P", idP);
            assertThat(aliases(tables)).doesNotContainKey(idQ);
            // the graph keeps the history: Q's identifiers were in P between the merge and the unmerge
            assertThat(strings(spark, "SELECT member_id FROM cdp.identity.graph WHERE token = 'openid-Q' ORDER BY valid_from"))
                    .containsExactly(idQ, idP, idQ);

            // explain and stats read the same tables
            StringWriter text = new StringWriter();
            new IdentityExplain(tables, new RuleContext(new Properties(), BadMarks.none())).explain("WECHAT_OPENID:openid-Q", new PrintWriter(text));
            assertThat(text.toString()).contains("member " + idQ).contains(merge.linkId()).contains("MARKED_BAD_EDGE");
            text = new StringWriter();
            new IdentityExplain(tables, new RuleContext(new Properties(), BadMarks.none())).explain(idP, new PrintWriter(text));
            assertThat(text.toString()).contains("member " + idP).contains("MEMBER_CARD:card-P").contains(p.linkId());
            text = new StringWriter();
            new IdentityStats(tables).print(new PrintWriter(text));
            assertThat(text.toString()).contains("members").contains("quarantined hubs " + reference.quarantines().size());

            // 5. unmerge an identifier: with one of its cards marked bad, the phone is no hub any more, so its edges
            // join the other cards' components, which the run adds to its region
            assertThat(memberIds(tables)).doesNotContainKey("PHONE:phone-H");
            IdentifierKey badCard = IdentifierKey.of(IdentifierType.MEMBER_CARD, "card-H5");
            IdentityResolution.RunReport unmergeCard = job.unmerge(Optional.empty(), Optional.of(badCard), "card of a test account");
            IdentityGraph coreCardMarked = coreUnmerged.markIdentifierBad(badCard, "card of a test account");
            assertThat(memberIds(tables)).isEqualTo(strings(coreCardMarked.memberIds())).containsKey("PHONE:phone-H");
            assertThat(unmergeCard.regionIdentifiers()).as("the touched identifiers and the five other cards' components").isGreaterThanOrEqualTo(13);

            // 6. a member id is never issued twice: after an erasure retired a member, its founding card comes back
            // in a new link, and the new member gets the seed's next id. The erasure is no append: the incremental
            // run asked for after it recomputes everything
            String erasedId = memberIds(tables).get("MEMBER_CARD:card-E");
            spark.sql("DELETE FROM cdp.identity.links WHERE link_id = '" + erased.linkId() + "'");
            IdentityResolution.RunReport afterErasure = job.run(IdentityResolution.Mode.INCREMENTAL);
            assertThat(afterErasure.mode()).isEqualTo(IdentityResolution.Mode.FULL);
            assertThat(afterErasure.note()).contains("more than appends");
            assertThat(memberIds(tables)).doesNotContainKey("MEMBER_CARD:card-E");
            assertThat(strings(spark, "SELECT status FROM cdp.identity.members WHERE member_id = '" + erasedId + "'")).containsExactly("RETIRED");
            GeneratedLinks.append(spark, List.of(generator.edge(id(IdentifierType.MEMBER_CARD, "card-E"), id(IdentifierType.WECHAT_OPENID, "openid-E2"), 400)));
            job.run(IdentityResolution.Mode.INCREMENTAL);
            IdentifierKey card = IdentifierKey.of(IdentifierType.MEMBER_CARD, "card-E");
            assertThat(erasedId).isEqualTo(new HashedMemberIdGenerator().newId(card, 0));
            assertThat(memberIds(tables)).containsEntry("MEMBER_CARD:card-E", new HashedMemberIdGenerator().newId(card, 1));
            // 7. every run released the stages it materialized
            assertThat(LocalIdentityTables.persistedRdds(spark)).as("RDDs still persisted").isEmpty();
        }
        finally {
            spark.stop();
        }
    }

    /** Identifier to the smallest identifier of its member, as the reference reports clusters. */
    private static Map<IdentifierKey, IdentifierKey> clusterKeys(IdentityTables tables)
    {
        Map<String, List<IdentifierKey>> byMember = new HashMap<>();
        memberIds(tables).forEach((key, member) -> byMember.computeIfAbsent(member, m -> new ArrayList<>()).add(IdentifierKey.parse(key)));
        Map<IdentifierKey, IdentifierKey> keys = new HashMap<>();
        for (List<IdentifierKey> members : byMember.values()) {
            IdentifierKey smallest = members.stream().min(IdentifierKey::compareTo).orElseThrow();
            members.forEach(key -> keys.put(key, smallest));
        }
        return keys;
    }

    private static Map<String, String> memberIds(IdentityTables tables)
    {
        Map<String, String> ids = new TreeMap<>();
        for (Row row : tables.spark().sql("SELECT identifier_type, token, member_id FROM cdp.identity.graph WHERE valid_to IS NULL").collectAsList()) {
            assertThat(ids.put(row.getString(0) + ":" + row.getString(1), row.getString(2))).as("one open row per identifier").isNull();
        }
        return ids;
    }

    private static Map<String, String> aliases(IdentityTables tables)
    {
        return tables.spark().sql("SELECT alias_id, member_id FROM cdp.identity.aliases").collectAsList().stream()
                .collect(Collectors.toMap(row -> row.getString(0), row -> row.getString(1), (a, b) -> a, TreeMap::new));
    }

    private static Map<String, String> aliasTargets(IdentityGraph graph)
    {
        return graph.aliases().stream().collect(Collectors.toMap(alias -> alias.aliasId(), alias -> alias.memberId(), (a, b) -> a, TreeMap::new));
    }

    // each hub with its evidence: neighbour type, distinct neighbours, sample edges
    private static List<String> quarantined(IdentityTables tables)
    {
        return strings(tables.spark(), "SELECT concat_ws(' ', identifier_type || ':' || token, neighbour_type, distinct_neighbours, "
                + "array_join(transform(sample_edges, e -> e.link_id), ',')) FROM cdp.identity.quarantine ORDER BY 1");
    }

    private static String evidence(Quarantine quarantine)
    {
        return String.join(" ", quarantine.hub().toString(), quarantine.neighbourType().name(), String.valueOf(quarantine.distinctNeighbours()),
                quarantine.sampleEdges().stream().map(IdentityEdge::linkId).collect(Collectors.joining(",")));
    }

    private static Map<String, String> strings(Map<IdentifierKey, String> ids)
    {
        Map<String, String> map = new TreeMap<>();
        ids.forEach((key, id) -> map.put(key.toString(), id));
        return map;
    }

    private static List<String> strings(SparkSession spark, String sql)
    {
        return spark.sql(sql).collectAsList().stream().map(row -> row.getString(0)).toList();
    }
}
