package org.opencdp.batch.identity;

import java.nio.file.Path;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.platform.config.CdpConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The links an incremental run reads are those appended since the last run's snapshot, and only when nothing
 * else happened to the links in between that changed their rows: a compaction (files rewritten, same rows) is
 * passed over, a delete (an erasure) is refused, since Iceberg's incremental read passes over both without a word.
 */
@Timeout(300)
class LinksAddedTest
{
    @TempDir
    Path home;

    @Test
    void appendsAreReadCompactionsPassedOverDeletesRefused()
    {
        IdentityTables tables = LocalIdentityTables.open(home, "links-added-test");
        SparkSession spark = tables.spark();
        try {
            SyntheticLinks generator = new SyntheticLinks(7, 8);
            StructType schema = spark.table(tables.name(IdentityTables.LINKS)).schema();
            tables.append(IdentityTables.LINKS, generator.people(spark, 0, 60, 2, schema));
            long first = tables.linksSnapshot().orElseThrow();
            tables.append(IdentityTables.LINKS, generator.increment(spark, 60, 1, 2, schema));
            tables.append(IdentityTables.LINKS, generator.increment(spark, 60, 2, 2, schema));
            long appended = tables.linksSnapshot().orElseThrow();

            Dataset<Row> added = tables.linksAdded(first, appended).toDF();
            assertThat(added.count()).isPositive();
            assertThat(added.count()).isEqualTo(tables.links(appended).toDF().exceptAll(tables.links(first).toDF()).count());
            assertThat(tables.links(appended).toDF().exceptAll(tables.links(first).toDF().unionAll(added)).isEmpty()).isTrue();

            spark.sql("CALL " + CdpConfig.forHome(home).catalog().name()
                    + ".system.rewrite_data_files(table => 'identity.links', options => map('min-input-files', '2'))");
            long compacted = tables.linksSnapshot().orElseThrow();
            assertThat(compacted).isNotEqualTo(appended);
            assertThat(tables.linksAdded(appended, compacted).count()).isZero();
            assertThat(tables.linksAdded(first, compacted).count()).isEqualTo(added.count());

            spark.sql("DELETE FROM " + tables.name(IdentityTables.LINKS) + " WHERE source = 'POS'");
            long erased = tables.linksSnapshot().orElseThrow();
            assertThat(tables.links(erased).count()).isLessThan(tables.links(compacted).count());
            assertThatThrownBy(() -> tables.linksAdded(compacted, erased)).hasMessageContaining("not an append");
            assertThatThrownBy(() -> tables.linksAdded(first, erased)).hasMessageContaining("not an append");
            // and a snapshot that is no ancestor
            assertThatThrownBy(() -> tables.linksAdded(erased, appended)).hasMessageContaining("not an ancestor");
        }
        finally {
            spark.stop();
        }
    }
}
