package org.opencdp.identity.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.identity.rules.IdentityRules;
import org.opencdp.identity.testing.RandomIdentityGraph;

/**
 * A region resolved from the edges of its identifiers alone gives the clusters the whole graph gives them, when
 * the region is made of whole components; the whole graph as a region is the reference.
 */
class RegionResolutionTest {
    private final IdentityRules rules = IdentityRules.defaults();

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    void theWholeGraphAsARegionIsTheReference(long seed) {
        List<IdentityEdge> edges = RandomIdentityGraph.generate(seed, 300).edges();
        ReferenceClustering.ReferenceResult reference = ReferenceClustering.resolve(rules, edges, BadMarks.none());
        RegionResolution.Result result = RegionResolution.resolve(rules, BadMarks.none(), reference.statuses().keySet(), edges);

        assertThat(clusterKeys(result)).isEqualTo(reference.clusterKeys());
        assertThat(result.statuses()).isEqualTo(reference.statuses());
        assertThat(result.components().stream().flatMap(component -> component.resolved().conflicts().stream()).sorted(
                java.util.Comparator.comparing(conflict -> conflict.edge().linkId())).toList())
                .isEqualTo(reference.conflicts().stream().sorted(java.util.Comparator.comparing(conflict -> conflict.edge().linkId())).toList());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3, 4})
    void aRegionOfWholeComponentsNeedsOnlyItsOwnEdges(long seed) {
        List<IdentityEdge> edges = RandomIdentityGraph.generate(seed, 300).edges();
        RegionResolution.Result whole = RegionResolution.resolve(rules, BadMarks.none(), keys(edges), edges);
        // every other component of the graph, with the edges that touch it (some lead to excluded hubs outside)
        Set<IdentifierKey> region = new HashSet<>();
        for (int i = 0; i < whole.components().size(); i += 2) {
            region.addAll(whole.components().get(i).identifiers());
        }
        List<IdentityEdge> incident = edges.stream().filter(edge -> region.contains(edge.left().key()) || region.contains(edge.right().key())).toList();
        assertThat(incident.size()).isLessThan(edges.size());

        RegionResolution.Result part = RegionResolution.resolve(rules, BadMarks.none(), region, incident);

        Map<IdentifierKey, IdentifierKey> expected = new HashMap<>(clusterKeys(whole));
        expected.keySet().retainAll(region);
        assertThat(clusterKeys(part)).isEqualTo(expected);
        assertThat(part.components()).isEqualTo(whole.components().stream().filter(component -> region.contains(component.key())).toList());
    }

    private static Set<IdentifierKey> keys(List<IdentityEdge> edges) {
        Set<IdentifierKey> keys = new HashSet<>();
        edges.forEach(edge -> {
            keys.add(edge.left().key());
            keys.add(edge.right().key());
        });
        return keys;
    }

    private static Map<IdentifierKey, IdentifierKey> clusterKeys(RegionResolution.Result result) {
        Map<IdentifierKey, IdentifierKey> keys = new HashMap<>();
        for (RegionResolution.Component component : result.components()) {
            for (Cluster cluster : component.resolved().clusters()) {
                IdentifierKey smallest = cluster.identifiers().stream().min(IdentifierKey::compareTo).orElseThrow();
                cluster.identifiers().forEach(key -> keys.put(key, smallest));
            }
        }
        return keys;
    }
}
