package org.opencdp.batch.identity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opencdp.batch.runtime.LocalSparkSettings;

import static org.assertj.core.api.Assertions.assertThat;

/** Large-star/small-star (with and without a union-find on the driver for the rest) against a plain union-find, on the worst shape for label propagation: long paths. */
@Timeout(180)
class ConnectedComponentsTest
{
    @Test
    void longShuffledPathsAndRandomForestsConvergeToTheirMinimum()
    {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("cc-test")
                .config("spark.driver.bindAddress", LocalSparkSettings.DEFAULT_BIND_HOST)
                .config("spark.driver.host", LocalSparkSettings.DEFAULT_BIND_HOST)
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
        try {
            Random random = new Random(3);
            List<long[]> edges = new ArrayList<>();
            // a path of 3,000 vertices with shuffled labels: label propagation would need 3,000 rounds
            List<Long> labels = new ArrayList<>();
            for (long i = 0; i < 3_000; i++) {
                labels.add(i * 7919 % 1_000_003);
            }
            java.util.Collections.shuffle(labels, random);
            for (int i = 1; i < labels.size(); i++) {
                edges.add(new long[] {labels.get(i - 1), labels.get(i)});
            }
            // and small random trees with duplicate and self edges
            for (int i = 0; i < 2_000; i++) {
                long a = 2_000_000 + random.nextInt(1_500);
                long b = 2_000_000 + random.nextInt(1_500);
                edges.add(new long[] {a, b});
            }
            List<Row> rows = edges.stream().map(edge -> RowFactory.create(edge[0], edge[1])).toList();
            StructType schema = new StructType().add("src", DataTypes.LongType, false).add("dst", DataTypes.LongType, false);
            Dataset<Row> graph = spark.createDataFrame(rows, schema);
            Map<Long, Long> expected = unionFind(edges);

            ConnectedComponents.Result rounds = ConnectedComponents.components(graph, 0);
            assertThat(roots(rounds)).isEqualTo(expected);
            assertThat(rounds.rounds()).as("rounds for a 3,000-vertex path").isPositive().isLessThan(60);

            // rounds until at most 3,000 edges are left, the rest on the driver; and all of it on the driver
            ConnectedComponents.Result mixed = ConnectedComponents.components(graph, 3_000);
            assertThat(roots(mixed)).isEqualTo(expected);
            assertThat(mixed.rounds()).isPositive().isLessThan(rounds.rounds());
            ConnectedComponents.Result driver = ConnectedComponents.components(graph, edges.size());
            assertThat(roots(driver)).isEqualTo(expected);
            assertThat(driver.rounds()).isZero();
        }
        finally {
            spark.stop();
        }
    }

    private static Map<Long, Long> roots(ConnectedComponents.Result result)
    {
        Map<Long, Long> roots = new HashMap<>();
        result.roots().collectAsList().forEach(row -> assertThat(roots.put(row.getLong(0), row.getLong(1))).isNull());
        return roots;
    }

    private static Map<Long, Long> unionFind(List<long[]> edges)
    {
        Map<Long, Long> parent = new HashMap<>();
        for (long[] edge : edges) {
            long a = find(parent, edge[0]);
            long b = find(parent, edge[1]);
            if (a != b) {
                parent.put(Math.max(a, b), Math.min(a, b));
            }
        }
        Map<Long, Long> roots = new HashMap<>();
        for (long[] edge : edges) {
            for (long vertex : edge) {
                roots.put(vertex, find(parent, vertex));
            }
        }
        // self loops alone make no component
        roots.keySet().removeIf(vertex -> edges.stream().noneMatch(edge -> edge[0] != edge[1] && (edge[0] == vertex || edge[1] == vertex)));
        return roots;
    }

    private static long find(Map<Long, Long> parent, long vertex)
    {
        long current = vertex;
        while (parent.containsKey(current)) {
            current = parent.get(current);
        }
        return current;
    }
}
