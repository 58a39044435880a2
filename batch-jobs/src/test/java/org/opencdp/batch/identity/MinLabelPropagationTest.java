package org.opencdp.batch.identity;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.identity.cluster.BadMarks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's peer is the same job: with connected components by min-label propagation, a full run on a
 * synthetic graph (hubs, family cards, hand-over chains) writes exactly the graph table the job writes.
 */
@Timeout(300)
class MinLabelPropagationTest
{
    @TempDir
    Path home;

    @Test
    void theMinLabelPeerWritesTheClustersAndMemberIdsOfTheJob()
            throws Exception
    {
        IdentityTables tables = LocalIdentityTables.open(home, "min-label-test");
        SparkSession spark = tables.spark();
        try {
            SyntheticLinks generator = new SyntheticLinks(5, 8);
            generator.people(spark, 0, 400, 2, spark.table(tables.name(IdentityTables.LINKS)).schema())
                    .writeTo(tables.name(IdentityTables.LINKS)).append();
            RuleContext rules = new RuleContext(new Properties(), BadMarks.none());

            IdentityResolution.RunReport job = new IdentityResolution(tables, rules).run(IdentityResolution.Mode.FULL);
            Map<String, String> jobGraph = LocalIdentityTables.openGraph(tables);
            tables.clearRunOutputs();
            IdentityResolution.RunReport peer = new IdentityResolution(tables, rules, MinLabelPropagation::components).run(IdentityResolution.Mode.FULL);

            assertThat(jobGraph).hasSizeGreaterThan(2_000);
            assertThat(LocalIdentityTables.openGraph(tables)).isEqualTo(jobGraph);
            assertThat(peer.components()).isEqualTo(job.components());
            // a hand-over chain of 8 people is a long path: propagation needs more rounds than large-star/small-star
            assertThat(peer.ccRounds()).isGreaterThan(job.ccRounds());
        }
        finally {
            spark.stop();
        }
    }
}
