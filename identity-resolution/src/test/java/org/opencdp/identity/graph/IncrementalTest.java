package org.opencdp.identity.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.identity.testing.Edges.card;
import static org.opencdp.identity.testing.Edges.edge;
import static org.opencdp.identity.testing.Edges.openid;
import static org.opencdp.identity.testing.Edges.phone;
import static org.opencdp.identity.testing.Edges.verifiedPhone;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.identity.rules.IdentityRules;
import org.opencdp.identity.testing.RandomIdentityGraph;

class IncrementalTest {
    private final IdentityRules rules = IdentityRules.defaults();

    @Test
    void newEdgesRecomputeOnlyTheComponentsTheyReach() {
        List<IdentityEdge> edges = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            edges.add(edge(card("c" + i), phone("p" + i), 1));
            edges.add(edge(phone("p" + i), openid("o" + i), 2));
        }
        IdentityGraph graph = IdentityGraph.build(rules, edges);
        assertThat(graph.componentCount()).isEqualTo(1000);

        // one edge into member 7, one joining members 8 and 9, one brand-new member
        IdentityGraph next = graph.apply(List.of(
                edge(openid("o7"), openid("o7-second-app"), 3),
                edge(openid("o8"), openid("o9"), 3),
                edge(card("c-new"), phone("p-new"), 3)));

        ApplyStats stats = next.lastRun();
        assertThat(stats.full()).isFalse();
        assertThat(stats.replacedComponents()).isEqualTo(3);
        assertThat(stats.recomputedComponents()).isEqualTo(3);
        assertThat(stats.recomputedEdges()).isEqualTo(3 * 2 + 3);
        assertThat(stats.totalComponents()).isEqualTo(1000 - 1 + 1);
        assertThat(stats.totalEdges()).isEqualTo(2003);
        assertThat(next.memberIds()).isEqualTo(graph.recomputeAll(List.of(
                edge(openid("o7"), openid("o7-second-app"), 3),
                edge(openid("o8"), openid("o9"), 3),
                edge(card("c-new"), phone("p-new"), 3))).memberIds());
    }

    @Test
    void aTakeoverReachesOnlyTheRecycledNumbersComponent() {
        List<IdentityEdge> edges = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            edges.add(edge(card("c" + i), phone("p" + i), 1));
        }
        IdentityGraph graph = IdentityGraph.build(rules, edges);
        IdentityGraph next = graph.apply(List.of(edge(openid("new-owner"), verifiedPhone("p5"), 400)));
        assertThat(next.memberOf(card("c5").key())).isNotEqualTo(next.memberOf(phone("p5").key()));
        assertThat(next.memberOf(card("c5").key())).isEqualTo(graph.memberOf(card("c5").key()));
        assertThat(next.lastRun().replacedComponents()).isEqualTo(1);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13})
    void incrementalGivesExactlyTheFullRecomputeIncludingIdsAndAliases(long seed) {
        RandomIdentityGraph generated = RandomIdentityGraph.generate(seed, 300);
        Random random = new Random(seed);
        List<IdentityEdge> first = new ArrayList<>();
        List<IdentityEdge> second = new ArrayList<>();
        List<IdentityEdge> third = new ArrayList<>();
        for (IdentityEdge edge : generated.edges()) {
            double draw = random.nextDouble();
            (draw < 0.8 ? first : draw < 0.95 ? second : third).add(edge);
        }
        IdentityGraph base = IdentityGraph.build(rules, first);
        IdentityGraph incremental = base.apply(second);
        IdentityGraph full = base.recomputeAll(second);
        assertSame(incremental, full);
        assertThat(incremental.lastRun().recomputedEdges()).isLessThan(full.lastRun().recomputedEdges());

        IdentityGraph incremental3 = incremental.apply(third);
        IdentityGraph full3 = incremental.recomputeAll(third);
        assertSame(incremental3, full3);

        // unmerge is incremental too
        IdentityEdge victim = third.get(0);
        assertSame(incremental3.markEdgeBad(victim.linkId(), "test"), full3.markEdgeBad(victim.linkId(), "test"));
    }

    private static void assertSame(IdentityGraph actual, IdentityGraph expected) {
        assertThat(actual.assignment()).isEqualTo(expected.assignment());
        assertThat(actual.clusterKeys()).isEqualTo(expected.clusterKeys());
        assertThat(actual.conflicts()).isEqualTo(expected.conflicts());
        assertThat(actual.quarantines()).isEqualTo(expected.quarantines());
        assertThat(actual.attachments()).isEqualTo(expected.attachments());
        assertThat(actual.lastChanges().aliased()).containsExactlyInAnyOrderElementsOf(expected.lastChanges().aliased());
    }
}
