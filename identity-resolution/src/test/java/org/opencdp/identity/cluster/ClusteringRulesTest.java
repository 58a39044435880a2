package org.opencdp.identity.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.identity.testing.Edges.androidId;
import static org.opencdp.identity.testing.Edges.card;
import static org.opencdp.identity.testing.Edges.cookie;
import static org.opencdp.identity.testing.Edges.day;
import static org.opencdp.identity.testing.Edges.edge;
import static org.opencdp.identity.testing.Edges.email;
import static org.opencdp.identity.testing.Edges.idfa;
import static org.opencdp.identity.testing.Edges.oaid;
import static org.opencdp.identity.testing.Edges.openid;
import static org.opencdp.identity.testing.Edges.paymentToken;
import static org.opencdp.identity.testing.Edges.phone;
import static org.opencdp.identity.testing.Edges.unionid;
import static org.opencdp.identity.testing.Edges.verifiedPhone;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opencdp.identity.edge.Identifier;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.identity.rules.IdentityRules;
import org.opencdp.schemas.avro.IdentifierType;

/** Each clustering rule on the smallest graph that shows it, through the reference implementation. */
class ClusteringRulesTest {
    private final IdentityRules rules = IdentityRules.defaults();

    @Test
    void strongIdentifiersSeenTogetherFormOneMember() {
        Map<IdentifierKey, IdentifierKey> clusters = ReferenceClustering.clusterKeys(rules, List.of(
                edge(card("c1"), phone("p1"), 1),
                edge(phone("p1"), openid("o1"), 2),
                edge(openid("o1"), unionid("u1"), 3),
                edge(card("c2"), phone("p2"), 1)));
        assertThat(clusters.get(openid("o1").key())).isEqualTo(card("c1").key());
        assertThat(clusters.get(unionid("u1").key())).isEqualTo(card("c1").key());
        assertThat(clusters.get(phone("p2").key())).isEqualTo(card("c2").key());
    }

    @Test
    void anEdgeGivingAMemberTwoCardsIsDroppedAndRecorded() {
        // mother and daughter both give the mother's phone at the till
        IdentityEdge mother = edge("mother", card("c-mother"), phone("p-mother"), 1);
        IdentityEdge daughter = edge("daughter", card("c-daughter"), phone("p-mother"), 5);
        ReferenceClustering.ReferenceResult result = ReferenceClustering.resolve(rules, List.of(daughter, mother), BadMarks.none());

        assertThat(result.clusterKeys().get(phone("p-mother").key())).isEqualTo(result.clusterKeys().get(card("c-mother").key()));
        assertThat(result.clusterKeys().get(card("c-daughter").key())).isEqualTo(card("c-daughter").key());
        assertThat(result.conflicts()).singleElement().satisfies(conflict -> {
            assertThat(conflict.edge()).isEqualTo(daughter);
            assertThat(conflict.limitedType()).isEqualTo(IdentifierType.MEMBER_CARD);
            assertThat(conflict.limit()).isEqualTo(1);
            assertThat(conflict.leftValues()).containsExactly(card("c-daughter").key());
            assertThat(conflict.rightValues()).containsExactly(card("c-mother").key());
        });
    }

    @Test
    void aChainOfStrongerEdgesWinsALimitConflictAgainstAnEarlierWeakerEdge() {
        // the card-unionid-verified phone chain arrives later but every edge of it ranks above the unverified one
        IdentityEdge early = edge("early", card("c1"), phone("p"), 1);
        IdentityEdge byUnionid = edge("by-unionid", card("c2"), unionid("u"), 9);
        IdentityEdge bridge = edge("bridge", unionid("u"), verifiedPhone("p"), 9);
        ReferenceClustering.ReferenceResult result = ReferenceClustering.resolve(rules, List.of(early, byUnionid, bridge), BadMarks.none());
        assertThat(result.conflicts()).extracting(ConflictRecord::edge).containsExactly(early);
        assertThat(result.clusterKeys().get(phone("p").key())).isEqualTo(card("c2").key());
    }

    @Test
    void aVerifiedPhoneBeatsAnUnverifiedOne() {
        IdentityEdge unverified = edge("unverified", card("c1"), phone("p"), 1);
        IdentityEdge verified = edge("verified", card("c2"), verifiedPhone("p"), 50);
        ReferenceClustering.ReferenceResult result = ReferenceClustering.resolve(rules, List.of(unverified, verified), BadMarks.none());
        assertThat(result.clusterKeys().get(phone("p").key())).isEqualTo(card("c2").key());
        assertThat(result.conflicts()).extracting(ConflictRecord::edge).containsExactly(unverified);
    }

    @Test
    void amongEqualEdgesTheEarliestWins() {
        IdentityEdge late = edge("late", card("c1"), phone("p"), 9);
        IdentityEdge early = edge("early", card("c2"), phone("p"), 2);
        ReferenceClustering.ReferenceResult result = ReferenceClustering.resolve(rules, List.of(late, early), BadMarks.none());
        assertThat(result.clusterKeys().get(phone("p").key())).isEqualTo(card("c2").key());
        assertThat(result.conflicts()).extracting(ConflictRecord::edge).containsExactly(late);
    }

    @Test
    void aMemberHoldsAtMostThreePhones() {
        List<IdentityEdge> edges = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            edges.add(edge("phone" + i, card("c"), phone("p" + i), i));
        }
        ReferenceClustering.ReferenceResult result = ReferenceClustering.resolve(rules, edges, BadMarks.none());
        assertThat(result.clusterKeys().get(phone("p3").key())).isEqualTo(card("c").key());
        assertThat(result.clusterKeys().get(phone("p4").key())).isEqualTo(phone("p4").key());
        assertThat(result.conflicts()).singleElement().satisfies(conflict -> {
            assertThat(conflict.limitedType()).isEqualTo(IdentifierType.PHONE);
            assertThat(conflict.leftValues()).containsExactly(phone("p1").key(), phone("p2").key(), phone("p3").key());
        });
    }

    @Test
    void weakIdentifiersNeverMergeTwoMembers() {
        // a family tablet, seen with the mother's and the son's accounts
        Map<IdentifierKey, IdentifierKey> clusters = ReferenceClustering.clusterKeys(rules, List.of(
                edge(card("c-mother"), openid("o-mother"), 1),
                edge(card("c-son"), openid("o-son"), 1),
                edge(oaid("tablet"), openid("o-mother"), 10),
                edge(oaid("tablet"), openid("o-son"), 20),
                edge(cookie("browser"), email("e-mother"), 3),
                edge(cookie("browser"), email("e-son"), 4)));
        assertThat(clusters.get(card("c-mother").key())).isNotEqualTo(clusters.get(card("c-son").key()));
        assertThat(clusters.get(email("e-mother").key())).isNotEqualTo(clusters.get(email("e-son").key()));
        // most recent evidence wins
        assertThat(clusters.get(oaid("tablet").key())).isEqualTo(clusters.get(card("c-son").key()));
        assertThat(clusters.get(cookie("browser").key())).isEqualTo(email("e-son").key());
    }

    @Test
    void weakIdentifiersOfOneDeviceAttachTogetherAndAnonymousOnesFormTheirOwnMember() {
        ReferenceClustering.ReferenceResult result = ReferenceClustering.resolve(rules, List.of(
                edge(oaid("phone-oaid"), androidId("phone-aid"), 1),
                edge(androidId("phone-aid"), openid("o1"), 2),
                edge(cookie("anon1"), idfa("anon-idfa"), 3)), BadMarks.none());
        assertThat(result.clusterKeys().get(oaid("phone-oaid").key())).isEqualTo(androidId("phone-aid").key().compareTo(openid("o1").key()) < 0
                ? androidId("phone-aid").key() : openid("o1").key());
        assertThat(result.clusterKeys().get(oaid("phone-oaid").key())).isEqualTo(result.clusterKeys().get(openid("o1").key()));
        assertThat(result.clusterKeys().get(cookie("anon1").key())).isEqualTo(result.clusterKeys().get(idfa("anon-idfa").key()));
        assertThat(result.clusterKeys().get(cookie("anon1").key())).isNotEqualTo(result.clusterKeys().get(openid("o1").key()));
    }

    @Test
    void aSharedStoreIpadIsQuarantinedWithEvidenceAndMergesNobody() {
        List<IdentityEdge> edges = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            edges.add(edge("signup" + i, idfa("store-ipad"), openid("o" + i), i));
            edges.add(edge("card" + i, openid("o" + i), card("c" + i), i));
        }
        ReferenceClustering.ReferenceResult result = ReferenceClustering.resolve(rules, edges, BadMarks.none());
        assertThat(result.quarantines()).singleElement().satisfies(quarantine -> {
            assertThat(quarantine.hub()).isEqualTo(idfa("store-ipad").key());
            assertThat(quarantine.neighbourType()).isEqualTo(IdentifierType.WECHAT_OPENID);
            assertThat(quarantine.distinctNeighbours()).isEqualTo(8);
            assertThat(quarantine.threshold()).isEqualTo(5);
            assertThat(quarantine.sampleEdges()).hasSize(5).allSatisfy(edge -> assertThat(edge.touches(idfa("store-ipad").key())).isTrue());
        });
        assertThat(result.clusterKeys()).doesNotContainKey(idfa("store-ipad").key());
        assertThat(java.util.Set.copyOf(result.clusterKeys().values())).hasSize(8);
        assertThat(result.droppedEdges()).hasSize(8).allSatisfy(drop -> assertThat(drop.reason()).isEqualTo(DropReason.HUB_QUARANTINE));
    }

    @Test
    void aPosTerminalAndAPlaceholderPhoneAreQuarantined() {
        List<IdentityEdge> edges = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            edges.add(edge(androidId("pos-terminal"), paymentToken("walk-in" + i), i));
        }
        for (int i = 0; i < 6; i++) {
            edges.add(edge(card("c" + i), phone("13800000000-token"), i));
        }
        ReferenceClustering.ReferenceResult result = ReferenceClustering.resolve(rules, edges, BadMarks.none());
        assertThat(result.quarantines()).extracting(Quarantine::hub)
                .containsExactly(androidId("pos-terminal").key(), phone("13800000000-token").key());
        assertThat(result.clusterKeys().values()).doesNotHaveDuplicates();
    }

    @Test
    void aPersonWithAFewDevicesAndCookiesIsNotAHub() {
        List<IdentityEdge> edges = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            edges.add(edge(openid("o"), phone("p" + i % 3), i));
            edges.add(edge(openid("o"), oaid("d" + i), i));
            edges.add(edge(openid("o"), cookie("k" + i), i));
        }
        assertThat(ReferenceClustering.resolve(rules, edges, BadMarks.none()).quarantines()).isEmpty();
    }

    @Test
    void blockedTokensAndIgnoredTypesLinkNothing() {
        IdentityRules blocking = rules.withBlockedTokens(List.of(phone("placeholder").key()));
        ReferenceClustering.ReferenceResult result = ReferenceClustering.resolve(blocking, List.of(
                edge("b1", card("c1"), phone("placeholder"), 1),
                edge("b2", card("c2"), phone("placeholder"), 2),
                edge("u1", card("c1"), Identifier.of(IdentifierType.UNKNOWN, "x"), 3),
                edge("u2", card("c2"), Identifier.of(IdentifierType.UNKNOWN, "x"), 3)), BadMarks.none());
        assertThat(result.clusterKeys()).containsOnlyKeys(card("c1").key(), card("c2").key());
        assertThat(result.clusterKeys().get(card("c1").key())).isEqualTo(card("c1").key());
        assertThat(result.droppedEdges()).extracting(DroppedEdge::reason)
                .containsExactlyInAnyOrder(DropReason.BLOCKED, DropReason.BLOCKED, DropReason.IGNORED_TYPE, DropReason.IGNORED_TYPE);
    }

    @Test
    void aRecycledPhoneDoesNotJoinItsOldAndNewOwnersOnceTheNewOwnerVerifiesIt() {
        // old owner used the number with their card and mini-program until day 100, then gave it up
        // the carrier re-issued it; the new owner verified it by SMS on day 300 and then used it at the till
        List<IdentityEdge> edges = List.of(
                edge("old-pos", card("c-old"), phone("p"), 10),
                edge("old-login", openid("o-old"), verifiedPhone("p"), 40),
                edge("old-card-login", openid("o-old"), card("c-old"), 41),
                edge("old-pos-again", card("c-old"), phone("p"), 100),
                edge("new-verify", openid("o-new"), verifiedPhone("p"), 300),
                edge("new-pos", card("c-new"), phone("p"), 310),
                edge("new-login", openid("o-new"), unionid("u-new"), 305));
        ReferenceClustering.ReferenceResult result = ReferenceClustering.resolve(rules, edges, BadMarks.none());
        Map<IdentifierKey, IdentifierKey> clusters = result.clusterKeys();
        assertThat(clusters.get(phone("p").key())).isEqualTo(clusters.get(card("c-new").key())).isEqualTo(clusters.get(openid("o-new").key()));
        assertThat(clusters.get(card("c-old").key())).isEqualTo(clusters.get(openid("o-old").key())).isNotEqualTo(clusters.get(phone("p").key()));
        assertThat(result.statuses().get(phone("p").key()).takeoverAt()).isEqualTo(day(300));
        assertThat(result.droppedEdges()).extracting(drop -> drop.edge().linkId(), DroppedEdge::reason).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("old-pos", DropReason.RECYCLED_SUPERSEDED),
                org.assertj.core.groups.Tuple.tuple("old-login", DropReason.RECYCLED_SUPERSEDED),
                org.assertj.core.groups.Tuple.tuple("old-pos-again", DropReason.RECYCLED_SUPERSEDED));
        // even without a card on the new side, the old owner is not joined
        Map<IdentifierKey, IdentifierKey> withoutNewCard = ReferenceClustering.clusterKeys(rules,
                edges.stream().filter(edge -> !edge.linkId().equals("new-pos")).toList());
        assertThat(withoutNewCard.get(card("c-old").key())).isNotEqualTo(withoutNewCard.get(openid("o-new").key()));
    }

    @Test
    void aContinuousOwnerWhoVerifiesAgainKeepsTheirHistory() {
        Map<IdentifierKey, IdentifierKey> clusters = ReferenceClustering.clusterKeys(rules, List.of(
                edge(card("c"), phone("p"), 10),
                edge(openid("o1"), verifiedPhone("p"), 60),
                edge(card("c"), phone("p"), 120),
                edge(openid("o2"), verifiedPhone("p"), 180)));
        assertThat(clusters.values()).containsOnly(card("c").key());
    }

    @Test
    void anOwnerWhoComesBackAfterALongSilenceWithTheSameCardIsNotATakeover() {
        ReferenceClustering.ReferenceResult result = ReferenceClustering.resolve(rules, List.of(
                edge(card("c"), phone("p"), 10),
                edge(openid("o"), verifiedPhone("p"), 300),
                edge(card("c"), phone("p"), 320)), BadMarks.none());
        assertThat(result.statuses().get(phone("p").key()).takeoverAt()).isNull();
        assertThat(result.clusterKeys().values()).containsOnly(card("c").key());
    }

    @Test
    void acceptedEdgesRebuildTheClustersWithAPlainUnionFind() {
        var graph = org.opencdp.identity.testing.RandomIdentityGraph.generate(7, 200);
        ReferenceClustering.ReferenceResult result = ReferenceClustering.resolve(rules, graph.edges(), BadMarks.none());
        List<IdentifierKey> nodes = List.copyOf(result.clusterKeys().keySet());
        java.util.Set<IdentityEdge> dropped = new java.util.HashSet<>();
        result.droppedEdges().forEach(drop -> dropped.add(drop.edge()));
        ResolvedComponent direct = new ComponentResolver(rules).resolve(nodes, graph.edges().stream().filter(edge -> !dropped.contains(edge)).toList());
        Map<IdentifierKey, IdentifierKey> fromClusters = new java.util.HashMap<>();
        direct.clusters().forEach(cluster -> cluster.identifiers().forEach(key -> fromClusters.put(key, cluster.clusterKey())));
        assertThat(result.clusterKeys()).isEqualTo(fromClusters);
    }
}
