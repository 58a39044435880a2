package org.opencdp.batch.identity;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.identity.cluster.BadMarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code run --incremental --every}: repeated incremental runs in one session, over increment batches of the
 * synthetic graph appended between them, end with the graph a full recompute of the same links writes, whether
 * they look their region up in the resolver's index or read it from the tables, and each run releases every stage
 * it materialized.
 */
@Timeout(300)
class ContinuousRunsTest
{
    @TempDir
    Path home;

    @Test
    void repeatedIncrementalRunsInOneSessionEqualAFullRecompute()
    {
        IdentityTables tables = LocalIdentityTables.open(home, "continuous-test");
        SparkSession spark = tables.spark();
        try {
            RuleContext rules = new RuleContext(new Properties(), BadMarks.none());
            SyntheticLinks generator = new SyntheticLinks(5, 8);
            StructType links = spark.table(tables.name(IdentityTables.LINKS)).schema();
            tables.append(IdentityTables.LINKS, generator.people(spark, 0, 400, 2, links));
            new IdentityResolution(tables, rules).run(IdentityResolution.Mode.FULL);
            assertThat(LocalIdentityTables.persistedRdds(spark)).as("RDDs still persisted").isEmpty();

            tables.append(IdentityTables.LINKS, generator.increment(spark, 400, 1, 2, links));
            List<String> first = runs(tables, rules, "run", "--incremental", "--every", "10ms", "--runs", "2");
            tables.append(IdentityTables.LINKS, generator.increment(spark, 400, 2, 2, links));
            List<String> second = runs(tables, rules, "run", "--incremental", "--every", "10ms", "--runs", "1");
            assertThat(LocalIdentityTables.persistedRdds(spark)).as("RDDs still persisted").isEmpty();

            // batch 1 resolved by the first run, nothing new for the second; batch 2, with its own people and merge
            assertThat(first).hasSize(3);
            assertThat(first.get(0)).contains("\"mode\":\"INCREMENTAL\"").doesNotContain("\"linksRead\":0,");
            assertThat(first.get(1)).isEqualTo("no new links since the last run");
            assertThat(first.get(2)).contains("\"linksRead\":0,");
            assertThat(second).hasSize(1);
            assertThat(second.get(0)).contains("\"membersAliased\":1,").doesNotContain("\"linksRead\":0,");
            long linkIds = spark.table(tables.name(IdentityTables.LINKS)).select("link_id").distinct().count();
            assertThat(linkIds).isEqualTo(spark.table(tables.name(IdentityTables.LINKS)).count());

            Map<String, String> incremental = LocalIdentityTables.openGraph(tables);
            new IdentityResolution(tables, rules).run(IdentityResolution.Mode.FULL);
            assertThat(LocalIdentityTables.openGraph(tables)).isEqualTo(incremental);
            assertThat(LocalIdentityTables.persistedRdds(spark)).as("RDDs still persisted").isEmpty();
        }
        finally {
            spark.stop();
        }
    }

    @Test
    void aResolverLooksItsRegionUpInItsIndexWhileTheIndexHoldsTheTables()
    {
        IdentityTables tables = LocalIdentityTables.open(home, "region-index-test");
        SparkSession spark = tables.spark();
        try {
            RuleContext rules = new RuleContext(new Properties(), BadMarks.none());
            SyntheticLinks generator = new SyntheticLinks(7, 8);
            StructType links = spark.table(tables.name(IdentityTables.LINKS)).schema();
            tables.append(IdentityTables.LINKS, generator.people(spark, 0, 400, 2, links));
            IdentityResolution resolver = new IdentityResolution(tables, rules);
            assertThat(resolver.prepareIndex()).as("an index before any run").isFalse();
            resolver.run(IdentityResolution.Mode.FULL);
            assertThat(resolver.regionIndex()).as("an index after a full run").isNull();
            assertThat(resolver.prepareIndex()).isTrue();

            // batch 1 looked up in the index, which the run moves to the links and the graph it committed
            tables.append(IdentityTables.LINKS, generator.increment(spark, 400, 1, 2, links));
            RegionIndex built = resolver.regionIndex();
            assertThat(resolver.run(IdentityResolution.Mode.INCREMENTAL).json()).contains("\"membersAliased\":1,");
            assertThat(resolver.regionIndex()).isSameAs(built);
            assertThat(resolver.prepareIndex()).isTrue();
            assertThat(resolver.regionIndex()).as("an index built again while it held the tables").isSameAs(built);

            // batch 2 resolved by another resolver: the index no longer holds the graph, and batch 3 is read from the tables
            tables.append(IdentityTables.LINKS, generator.increment(spark, 400, 2, 2, links));
            new IdentityResolution(tables, rules).run(IdentityResolution.Mode.INCREMENTAL);
            tables.append(IdentityTables.LINKS, generator.increment(spark, 400, 3, 2, links));
            assertThat(resolver.run(IdentityResolution.Mode.INCREMENTAL).json()).contains("\"membersAliased\":1,");
            assertThat(resolver.regionIndex()).as("an index of another writer's graph").isNull();
            assertThat(resolver.prepareIndex()).isTrue();

            // batch 4 with a region too large for the driver (every region is): resolved in Spark, the index dropped
            IdentityResolution inSpark = new IdentityResolution(tables, rules, ConnectedComponents::components, 0);
            assertThat(inSpark.prepareIndex()).isTrue();
            tables.append(IdentityTables.LINKS, generator.increment(spark, 400, 4, 2, links));
            inSpark.run(IdentityResolution.Mode.INCREMENTAL);
            assertThat(inSpark.regionIndex()).isNull();

            // batch 5 over an index built again from the tables
            assertThat(resolver.prepareIndex()).isTrue();
            built = resolver.regionIndex();
            tables.append(IdentityTables.LINKS, generator.increment(spark, 400, 5, 2, links));
            assertThat(resolver.run(IdentityResolution.Mode.INCREMENTAL).json()).contains("\"membersAliased\":1,");
            assertThat(resolver.regionIndex()).isSameAs(built);
            assertThat(LocalIdentityTables.persistedRdds(spark)).as("RDDs still persisted").isEmpty();

            Map<String, String> incremental = LocalIdentityTables.openGraph(tables);
            new IdentityResolution(tables, rules).run(IdentityResolution.Mode.FULL);
            assertThat(LocalIdentityTables.openGraph(tables)).isEqualTo(incremental);
        }
        finally {
            spark.stop();
        }
    }

    @Test
    void everyGoesWithIncrementalRunsOnly()
    {
        assertThatThrownBy(() -> IdentityResolutionJob.Arguments.parse(new String[] {"run", "--full", "--every", "5m"}))
                .hasMessageContaining("--every repeats incremental runs");
        assertThatThrownBy(() -> IdentityResolutionJob.Arguments.parse(new String[] {"stats", "--every", "5m"}))
                .hasMessageContaining("--every repeats incremental runs");
        assertThatThrownBy(() -> IdentityResolutionJob.Arguments.parse(new String[] {"run", "--every", "soon"}))
                .hasMessageContaining("'soon' is not a duration");
        assertThatThrownBy(() -> IdentityResolutionJob.Arguments.parse(new String[] {"run", "--every", "5m", "--runs", "0"}))
                .hasMessageContaining("--runs needs at least 1");
        assertThatThrownBy(() -> IdentityResolutionJob.Arguments.parse(new String[] {"run", "--runs", "3"}))
                .hasMessageContaining("--runs counts the runs of --every");
        assertThat(IdentityResolutionJob.Arguments.parse(new String[] {"run", "--every", "5m"}).runs()).isEqualTo(Long.MAX_VALUE);
        assertThat(IdentityResolutionJob.Arguments.parse(new String[] {"run", "--incremental"}).runs()).isEqualTo(1);
    }

    private static List<String> runs(IdentityTables tables, RuleContext rules, String... arguments)
    {
        StringWriter out = new StringWriter();
        IdentityResolutionJob.run(tables, rules, IdentityResolutionJob.Arguments.parse(arguments), new PrintWriter(out));
        return out.toString().lines().toList();
    }
}
