package org.opencdp.identity.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.identity.rules.IdentityRules;
import org.opencdp.identity.testing.RandomIdentityGraph;

/**
 * A by-hand scale check, not part of the normal build:
 * {@code mvn -q -pl identity-resolution test -Dtest=ScaleCheck -Didentity.scale=true}. Prints timings and heap.
 */
@EnabledIfSystemProperty(named = "identity.scale", matches = "true")
class ScaleCheck {
    @Test
    void oneMillionEdgesInMemory() {
        int persons = Integer.getInteger("identity.scale.persons", 110_000);
        long start = System.nanoTime();
        RandomIdentityGraph generated = RandomIdentityGraph.generate(99, persons);
        List<IdentityEdge> edges = generated.edges();
        long generatedAt = System.nanoTime();
        System.gc();
        long baseline = usedHeap();

        IdentityGraph graph = IdentityGraph.build(IdentityRules.defaults(), edges);
        long builtAt = System.nanoTime();
        System.gc();
        long graphHeap = usedHeap() - baseline;

        List<IdentityEdge> onePercent = new ArrayList<>(RandomIdentityGraph.generate(100, persons / 100).edges());
        long incrementalStart = System.nanoTime();
        IdentityGraph next = graph.apply(onePercent);
        long incrementalEnd = System.nanoTime();

        System.out.printf("edges=%d identifiers=%d members=%d components=%d conflicts=%d quarantines=%d%n",
                graph.edgeCount(), graph.memberIds().size(), graph.members().size(), graph.componentCount(), graph.conflicts().size(), graph.quarantines().size());
        System.out.printf("generate=%.1fs build=%.1fs (%.0f edges/s) graphHeap=%dMB peakHeap=%dMB%n",
                (generatedAt - start) / 1e9, (builtAt - generatedAt) / 1e9, edges.size() / ((builtAt - generatedAt) / 1e9), graphHeap >> 20, peakHeap() >> 20);
        System.out.printf("incremental: %d new edges in %.2fs, recomputed %d of %d edges%n",
                onePercent.size(), (incrementalEnd - incrementalStart) / 1e9, next.lastRun().recomputedEdges(), next.lastRun().totalEdges());
        assertThat(graph.edgeCount()).isGreaterThan(900_000);
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
