package org.opencdp.identity.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencdp.identity.cluster.BadMarks;
import org.opencdp.identity.cluster.ReferenceClustering;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.identity.rules.IdentityRules;
import org.opencdp.identity.testing.RandomIdentityGraph;

/**
 * The same edge set gives the same graph whatever the order of the edges, the batches they arrive in, or
 * repeated observations; and it is the graph of the reference implementation.
 */
class DeterminismTest {
    private final IdentityRules rules = IdentityRules.defaults();

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void shufflingTheEdgesChangesNothing(long seed) {
        RandomIdentityGraph generated = RandomIdentityGraph.generate(seed, 400);
        assertThat(generated.edges()).hasSizeGreaterThan(3000);
        IdentityGraph expected = IdentityGraph.build(rules, generated.edges());
        assertThat(expected.quarantines()).isNotEmpty();
        assertThat(expected.conflicts()).isNotEmpty();

        Random random = new Random(seed);
        for (int round = 0; round < 3; round++) {
            List<IdentityEdge> shuffled = new ArrayList<>(generated.edges());
            Collections.shuffle(shuffled, random);
            // repeated deliveries of the same observations are the same set
            shuffled.addAll(shuffled.subList(0, 100));
            IdentityGraph actual = IdentityGraph.build(rules, shuffled);
            assertThat(actual.assignment()).isEqualTo(expected.assignment());
            assertThat(actual.conflicts()).isEqualTo(expected.conflicts());
            assertThat(actual.quarantines()).isEqualTo(expected.quarantines());
            assertThat(actual.attachments()).isEqualTo(expected.attachments());
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {4, 5, 6})
    void splittingTheEdgesIntoBatchesGivesTheSameClusters(long seed) {
        RandomIdentityGraph generated = RandomIdentityGraph.generate(seed, 300);
        IdentityGraph whole = IdentityGraph.build(rules, generated.edges());

        Random random = new Random(seed);
        int batches = 2 + random.nextInt(6);
        List<List<IdentityEdge>> partitions = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            partitions.add(new ArrayList<>());
        }
        for (IdentityEdge edge : generated.edges()) {
            partitions.get(random.nextInt(batches)).add(edge);
        }
        IdentityGraph incremental = IdentityGraph.empty(rules);
        for (List<IdentityEdge> partition : partitions) {
            incremental = incremental.apply(partition);
        }
        assertThat(incremental.clusterKeys()).isEqualTo(whole.clusterKeys());
        assertThat(incremental.conflicts()).isEqualTo(whole.conflicts());
        assertThat(incremental.quarantines()).isEqualTo(whole.quarantines());
        assertThat(incremental.droppedEdges()).isEqualTo(whole.droppedEdges());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 8})
    void theGraphMatchesTheReferenceImplementation(long seed) {
        RandomIdentityGraph generated = RandomIdentityGraph.generate(seed, 400);
        IdentityGraph graph = IdentityGraph.build(rules, generated.edges());
        ReferenceClustering.ReferenceResult reference = ReferenceClustering.resolve(rules, generated.edges(), BadMarks.none());
        assertThat(graph.clusterKeys()).isEqualTo(reference.clusterKeys());
        assertThat(graph.conflicts()).isEqualTo(reference.conflicts());
        assertThat(graph.quarantines()).isEqualTo(reference.quarantines());
        assertThat(graph.droppedEdges()).isEqualTo(reference.droppedEdges());
        // every member id maps one-to-one onto a cluster key
        assertThat(graph.members()).hasSize((int) reference.clusterKeys().values().stream().distinct().count());
    }
}
