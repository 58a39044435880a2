package org.opencdp.identity.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.opencdp.identity.testing.Edges.card;
import static org.opencdp.identity.testing.Edges.edge;
import static org.opencdp.identity.testing.Edges.oaid;
import static org.opencdp.identity.testing.Edges.openid;
import static org.opencdp.identity.testing.Edges.phone;
import static org.opencdp.identity.testing.Edges.unionid;

import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.opencdp.identity.cluster.DropReason;
import org.opencdp.identity.cluster.Exclusion;
import org.opencdp.identity.ids.SplitRecord;
import org.opencdp.identity.rules.IdentityRules;

class UnmergeTest {
    private final IdentityRules rules = IdentityRules.defaults();

    private final IdentityGraph merged = IdentityGraph.build(rules, List.of(
            edge("alice", card("c-alice"), openid("o-alice"), 1),
            edge("bob", openid("o-bob"), unionid("u-bob"), 10)))
            .apply(List.of(edge("wrong", openid("o-alice"), phone("p-shared"), 20), edge("wrong2", phone("p-shared"), unionid("u-bob"), 21)));

    @Test
    void markingTheWrongEdgeBadSplitsTheMemberAndBringsTheAliasBack() {
        String alice = merged.memberOf(card("c-alice").key()).orElseThrow();
        String bob = merged.assignment().aliases().keySet().iterator().next();
        assertThat(merged.memberOf(openid("o-bob").key())).contains(alice);

        IdentityGraph unmerged = merged.markEdgeBad("wrong2", "phone typed by a cashier");

        assertThat(unmerged.memberOf(card("c-alice").key())).contains(alice);
        assertThat(unmerged.memberOf(openid("o-bob").key())).contains(bob);
        assertThat(unmerged.aliases()).isEmpty();
        assertThat(unmerged.lastChanges().revived()).containsExactly(bob);
        assertThat(unmerged.lastChanges().splits()).containsExactly(new SplitRecord(alice, bob, true));
        assertThat(unmerged.explain(unionid("u-bob").key()).droppedEdges())
                .singleElement().satisfies(drop -> assertThat(drop.reason()).isEqualTo(DropReason.MARKED_BAD_EDGE));
        assertThat(unmerged.lastRun().replacedComponents()).isEqualTo(1);
    }

    @Test
    void markingAnIdentifierBadTakesItOutAndReclustersItsComponent() {
        String alice = merged.memberOf(card("c-alice").key()).orElseThrow();
        IdentityGraph unmerged = merged.markIdentifierBad(phone("p-shared").key(), "test number");
        assertThat(unmerged.memberOf(phone("p-shared").key())).isEmpty();
        assertThat(unmerged.explain(phone("p-shared").key()).exclusion()).contains(Exclusion.MARKED_BAD);
        assertThat(unmerged.memberOf(card("c-alice").key())).contains(alice);
        assertThat(unmerged.memberOf(openid("o-bob").key())).isNotEqualTo(unmerged.memberOf(card("c-alice").key()));
    }

    @Test
    void clearingTheMarkRestoresTheMerge() {
        IdentityGraph restored = merged.markEdgeBad("wrong2", "mistake").clearEdgeMark("wrong2");
        assertThat(restored.memberIds()).isEqualTo(merged.memberIds());
        assertThat(restored.aliases()).hasSize(1);
        IdentityGraph identifierRestored = merged.markIdentifierBad(phone("p-shared").key(), "x").clearIdentifierMark(phone("p-shared").key());
        assertThat(identifierRestored.memberIds()).isEqualTo(merged.memberIds());
    }

    @Test
    void unmergeOfAWeakAttachmentReattachesElsewhere() {
        IdentityGraph graph = IdentityGraph.build(rules, List.of(
                edge("a", card("c1"), openid("o1"), 1),
                edge("b", card("c2"), openid("o2"), 1),
                edge("d1", oaid("tablet"), openid("o1"), 5),
                edge("d2", oaid("tablet"), openid("o2"), 9)));
        assertThat(graph.memberOf(oaid("tablet").key())).isEqualTo(graph.memberOf(card("c2").key()));
        IdentityGraph fixed = graph.markEdgeBad("d2", "shop demo device");
        assertThat(fixed.memberOf(oaid("tablet").key())).isEqualTo(graph.memberOf(card("c1").key()));
    }

    @Test
    void unknownEdgesAndIdentifiersAreReported() {
        assertThatThrownBy(() -> merged.markEdgeBad("nope", "x")).isInstanceOf(NoSuchElementException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> merged.markIdentifierBad(phone("nope").key(), "x")).hasMessageContaining("PHONE:nope");
    }
}
