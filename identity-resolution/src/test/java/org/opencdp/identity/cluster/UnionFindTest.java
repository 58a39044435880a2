package org.opencdp.identity.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The unboxed connected components of {@code long} vertices against the general ones, on random forests with repeated edges and self loops. */
class UnionFindTest {
    @Test
    void longVerticesGiveTheComponentsOfTheGeneralVersion() {
        Random random = new Random(11);
        int edges = 20_000;
        long[] from = new long[edges];
        long[] to = new long[edges];
        List<Map.Entry<Long, Long>> pairs = new ArrayList<>();
        for (int i = 0; i < edges; i++) {
            // negative vertices too: the identity job's vertices are 64-bit hashes
            from[i] = random.nextInt(30_000) - 15_000L;
            to[i] = i % 10 == 0 ? from[i] : random.nextInt(30_000) - 15_000L;
            pairs.add(Map.entry(from[i], to[i]));
        }
        Map<Long, Long> expected = UnionFind.smallestOfComponents(List.of(), pairs);

        UnionFind.Components components = UnionFind.smallestOfComponents(from, to);

        assertThat(components.size()).isEqualTo(expected.size());
        for (int i = 0; i < components.size(); i++) {
            if (i > 0) {
                assertThat(components.vertices()[i]).isGreaterThan(components.vertices()[i - 1]);
            }
            assertThat(components.roots()[i]).as("root of %d", components.vertices()[i]).isEqualTo(expected.get(components.vertices()[i]));
        }
    }

    @Test
    void edgeEndsMustPair() {
        assertThatThrownBy(() -> UnionFind.smallestOfComponents(new long[] {1, 2}, new long[] {3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 and 1");
    }
}
