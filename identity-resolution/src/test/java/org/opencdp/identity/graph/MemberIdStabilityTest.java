package org.opencdp.identity.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.identity.testing.Edges.card;
import static org.opencdp.identity.testing.Edges.day;
import static org.opencdp.identity.testing.Edges.edge;
import static org.opencdp.identity.testing.Edges.openid;
import static org.opencdp.identity.testing.Edges.phone;
import static org.opencdp.identity.testing.Edges.unionid;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.identity.ids.AliasRecord;
import org.opencdp.identity.ids.HashedMemberIdGenerator;
import org.opencdp.identity.ids.MemberIdAssigner;
import org.opencdp.identity.ids.SplitRecord;
import org.opencdp.identity.rules.IdentityRules;

class MemberIdStabilityTest {
    private final IdentityRules rules = IdentityRules.defaults();

    @Test
    void aNewMemberGetsAnIdDerivedFromItsOldestIdentifier() {
        IdentityGraph graph = IdentityGraph.build(rules, List.of(edge("a", openid("o1"), phone("p1"), 5), edge("b", card("c1"), phone("p1"), 2)));
        String id = graph.memberOf(card("c1").key()).orElseThrow();
        assertThat(id).isEqualTo(new HashedMemberIdGenerator().newId(card("c1").key(), 0));
        assertThat(graph.member(id).orElseThrow().createdAt()).isEqualTo(day(2));
        assertThat(graph.lastChanges().created()).hasSize(1);
        // the same edges give the same id in any run
        assertThat(IdentityGraph.build(rules, List.of(edge("b", card("c1"), phone("p1"), 2), edge("a", openid("o1"), phone("p1"), 5))).memberOf(phone("p1").key()))
                .contains(id);
    }

    @Test
    void unrelatedEdgesLeaveIdsAlone() {
        IdentityGraph graph = IdentityGraph.build(rules, List.of(edge(card("c1"), phone("p1"), 1), edge(card("c2"), phone("p2"), 1)));
        IdentityGraph next = graph.apply(List.of(edge(openid("o1"), phone("p1"), 9), edge(card("c3"), phone("p3"), 9)));
        assertThat(next.memberOf(card("c1").key())).isEqualTo(graph.memberOf(card("c1").key()));
        assertThat(next.memberOf(openid("o1").key())).isEqualTo(graph.memberOf(card("c1").key()));
        assertThat(next.memberOf(card("c2").key())).isEqualTo(graph.memberOf(card("c2").key()));
        assertThat(next.aliases()).isEmpty();
    }

    @Test
    void aMergeKeepsTheOldestIdAndRecordsTheOtherAsAliasWithItsCause() {
        IdentityGraph graph = IdentityGraph.build(rules, List.of(
                edge("old", card("c1"), openid("o1"), 1),
                edge("young", unionid("u2"), openid("o2"), 30)));
        String older = graph.memberOf(card("c1").key()).orElseThrow();
        String younger = graph.memberOf(unionid("u2").key()).orElseThrow();

        IdentityEdge bridge = edge("bridge", openid("o1"), unionid("u2"), 60);
        IdentityGraph merged = graph.apply(List.of(bridge));

        assertThat(merged.memberOf(unionid("u2").key())).contains(older);
        assertThat(merged.member(younger).orElseThrow().memberId()).isEqualTo(older);
        assertThat(merged.aliases()).singleElement().satisfies(alias -> {
            assertThat(alias.aliasId()).isEqualTo(younger);
            assertThat(alias.memberId()).isEqualTo(older);
            assertThat(alias.cause()).isEqualTo(bridge);
            assertThat(alias.mergedAt()).isEqualTo(day(60));
        });
        assertThat(merged.lastChanges().aliased()).extracting(AliasRecord::aliasId).containsExactly(younger);
    }

    @Test
    void onlyAClusterHoldingTwoEarlierIdsMayMerge() {
        IdentityGraph graph = IdentityGraph.build(rules, List.of(
                edge("old", card("c1"), openid("o1"), 1),
                edge("young", unionid("u2"), openid("o2"), 30)));
        assertThat(MemberIdAssigner.mayMerge(graph.assignment(), List.of(card("c1").key(), openid("o1").key(), phone("new").key()))).isFalse();
        assertThat(MemberIdAssigner.mayMerge(graph.assignment(), List.of(phone("new").key()))).isFalse();
        assertThat(MemberIdAssigner.mayMerge(graph.assignment(), List.of(openid("o1").key(), unionid("u2").key()))).isTrue();

        // after the merge, the alias is an earlier id at its anchor too: an unmerge may give it back
        IdentityGraph merged = graph.apply(List.of(edge("bridge", openid("o1"), unionid("u2"), 60)));
        AliasRecord alias = merged.aliases().iterator().next();
        assertThat(MemberIdAssigner.mayMerge(merged.assignment(), List.of(alias.aliasAnchor()))).isTrue();
        assertThat(MemberIdAssigner.mayMerge(merged.assignment(), List.of(card("c1").key()))).isFalse();
    }

    @Test
    void aSplitKeepsTheIdOnThePartWithTheOldestIdentifierAndGivesTheOtherPartANewId() {
        IdentityGraph graph = IdentityGraph.build(rules, List.of(
                edge("a", card("c1"), phone("p1"), 1),
                edge("b", phone("p1"), openid("o1"), 20),
                edge("c", openid("o1"), unionid("u1"), 30)));
        String id = graph.memberOf(card("c1").key()).orElseThrow();

        IdentityGraph split = graph.markEdgeBad("b", "shared phone at a family counter");

        assertThat(split.memberOf(card("c1").key())).contains(id);
        assertThat(split.memberOf(phone("p1").key())).contains(id);
        String other = split.memberOf(openid("o1").key()).orElseThrow();
        assertThat(other).isNotEqualTo(id);
        assertThat(split.memberOf(unionid("u1").key())).contains(other);
        assertThat(split.lastChanges().splits()).containsExactly(new SplitRecord(id, other, false));
    }

    @Test
    void theOlderPartKeepsTheIdEvenWhenItIsTheSmallerPart() {
        IdentityGraph graph = IdentityGraph.build(rules, List.of(
                edge("old", card("c1"), phone("p1"), 1),
                edge("bridge", phone("p1"), openid("o1"), 50),
                edge("x", openid("o1"), unionid("u1"), 40),
                edge("y", openid("o1"), openid("o2"), 40)));
        String id = graph.memberOf(openid("o2").key()).orElseThrow();
        IdentityGraph split = graph.markEdgeBad("bridge", "test");
        assertThat(split.memberOf(card("c1").key())).contains(id);
        assertThat(split.memberOf(openid("o2").key())).isNotEqualTo(split.memberOf(card("c1").key()));
    }
}
