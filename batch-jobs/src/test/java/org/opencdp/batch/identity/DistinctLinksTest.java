package org.opencdp.batch.identity;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.identity.edge.EdgeSets;
import org.opencdp.identity.edge.Identifier;
import org.opencdp.identity.edge.IdentityEdge;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Links delivered more than once under one id (a replayed event, a later observation, the ends swapped) come out
 * once, as the core's edge sets choose them: the smallest in its canonical order.
 */
class DistinctLinksTest
{
    @TempDir
    Path home;

    @Test
    void repeatedLinkIdsKeepTheCoresChoice()
    {
        IdentityTables tables = LocalIdentityTables.open(home, "distinct-links-test");
        SparkSession spark = tables.spark();
        try {
            List<IdentityEdge> edges = new ArrayList<>(new GeneratedLinks(3).people(60, 10));
            Random random = new Random(3);
            List<IdentityEdge> repeated = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                IdentityEdge edge = edges.get(random.nextInt(edges.size()));
                Identifier left = edge.left();
                Identifier right = edge.right();
                IdentityEdge again = switch (i % 4) {
                    // the same observation again
                    case 0 -> edge;
                    // observed again later, or earlier
                    case 1 -> new IdentityEdge(edge.linkId(), left, right, edge.rule(), edge.source(), edge.sourceEventId(), edge.observedAt().plusSeconds(60));
                    case 2 -> new IdentityEdge(edge.linkId(), left, right, edge.rule(), edge.source(), edge.sourceEventId(), edge.observedAt().minusSeconds(60));
                    // the same time with the ends swapped and one of them verified
                    default -> new IdentityEdge(edge.linkId(), new Identifier(right.key(), true), left, edge.rule(), edge.source(), edge.sourceEventId(),
                            edge.observedAt());
                };
                repeated.add(again);
            }
            List<IdentityEdge> all = new ArrayList<>(edges);
            all.addAll(repeated);
            Collections.shuffle(all, random);
            Dataset<EdgeRow> rows = spark.createDataset(all.stream().map(EdgeRow::of).toList(), IdentityPipeline.EDGE);

            Map<String, IdentityEdge> expected = new TreeMap<>(EdgeSets.byLinkId(all));
            assertThat(expected).hasSize(edges.size());
            assertThat(byLinkId(IdentityPipeline.distinctLinks(rows))).isEqualTo(expected);
            assertThat(byLinkId(IdentityPipeline.dedupe(rows))).isEqualTo(expected);
            // without repeats, the links come out as they are
            Dataset<EdgeRow> once = spark.createDataset(edges.stream().map(EdgeRow::of).toList(), IdentityPipeline.EDGE);
            assertThat(byLinkId(IdentityPipeline.distinctLinks(once))).isEqualTo(new TreeMap<>(EdgeSets.byLinkId(edges)));
        }
        finally {
            spark.stop();
        }
    }

    private static Map<String, IdentityEdge> byLinkId(Dataset<EdgeRow> rows)
    {
        Map<String, IdentityEdge> edges = new TreeMap<>();
        for (EdgeRow row : rows.collectAsList()) {
            assertThat(edges.put(row.getLinkId(), row.toEdge())).as("one edge per link id").isNull();
        }
        return edges;
    }
}
