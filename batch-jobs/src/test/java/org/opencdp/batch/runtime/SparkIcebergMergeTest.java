package org.opencdp.batch.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.iceberg.catalog.Catalog;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.platform.catalog.Catalogs;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.lakehouse.InitReport;
import org.opencdp.platform.lakehouse.Lakehouse;
import org.opencdp.platform.lakehouse.LakehouseTables;
import org.opencdp.platform.lakehouse.TableSpec;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.mapping;
import static java.util.stream.Collectors.toCollection;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spark on the project's own tables: the platform's {@link Lakehouse} creates them through the classes of
 * Iceberg's Spark runtime, then Spark writes, reads and merges rows of {@code raw.dead_letters}.
 */
@Timeout(180)
class SparkIcebergMergeTest
{
    private static final String DEAD_LETTER_COLUMNS = "dead_letter_id, reason_code, field, message, source, stage, event_id, "
            + "CAST(received_at AS STRING), CAST(original_payload AS STRING), _ingest.origin, _ingest.batch_id";

    @TempDir
    Path home;

    @Test
    void sparkSeesEveryLakehouseTableAndMergesIntoTheDeadLetters()
            throws Exception
    {
        CdpConfig config = CdpConfig.forHome(home);
        Catalog catalog = Catalogs.open(config.catalog());
        try {
            Lakehouse lakehouse = new Lakehouse(catalog);
            lakehouse.init();
            InitReport again = lakehouse.init();
            assertThat(again.allUnchanged()).as(again.format()).isTrue();
        }
        finally {
            ((AutoCloseable) catalog).close();
        }

        SparkSession spark = SparkSessions.local("dead-letter-replay", config);
        try {
            assertThat(sparkTablesByNamespace(spark)).isEqualTo(layoutTablesByNamespace());

            spark.sql("""
                    INSERT INTO cdp.raw.dead_letters VALUES
                      ('dl-1', 'MISSING_FIELD', 'anonymous_id', 'anonymous_id is required', 'WEB', 'decode', 'e-1',
                       TIMESTAMP '2025-03-01 08:15:30', CAST('{"event":"page_view"}' AS BINARY), NULL,
                       named_struct('ingested_at', TIMESTAMP '2025-03-01 08:16:00', 'origin', 'web.jsonl:1', 'batch_id', 'b-1')),
                      ('dl-2', 'UNKNOWN_STORE', 'store_id', 'unknown store 9999', 'POS', 'validate', NULL,
                       TIMESTAMP '2025-03-01 09:00:00', CAST('9999;2025-03-01;12.50' AS BINARY), NULL,
                       named_struct('ingested_at', TIMESTAMP '2025-03-01 09:01:00', 'origin', 'pos.csv:7', 'batch_id', 'b-1'))
                    """);

            assertThat(rows(spark, "SELECT " + DEAD_LETTER_COLUMNS + " FROM cdp.raw.dead_letters ORDER BY dead_letter_id"))
                    .containsExactly(
                            "dl-1|MISSING_FIELD|anonymous_id|anonymous_id is required|WEB|decode|e-1|2025-03-01 08:15:30|{\"event\":\"page_view\"}|web.jsonl:1|b-1",
                            "dl-2|UNKNOWN_STORE|store_id|unknown store 9999|POS|validate|null|2025-03-01 09:00:00|9999;2025-03-01;12.50|pos.csv:7|b-1");

            // a replay run: dl-2 failed again at a later stage, dl-3 is new
            spark.sql("""
                    MERGE INTO raw.dead_letters AS target
                    USING (SELECT 'dl-2' AS dead_letter_id, 'UNKNOWN_STORE' AS reason_code, 'store_id' AS field,
                                  'store 9999 closed' AS message, 'POS' AS source, 'replay' AS stage, CAST(NULL AS STRING) AS event_id,
                                  TIMESTAMP '2025-03-03 10:00:00' AS received_at, CAST('9999;2025-03-01;12.50' AS BINARY) AS original_payload,
                                  CAST(NULL AS STRING) AS payload_key_id,
                                  named_struct('ingested_at', TIMESTAMP '2025-03-03 10:00:01', 'origin', 'replay:dl-2', 'batch_id', 'r-1') AS _ingest
                           UNION ALL
                           SELECT 'dl-3', 'BAD_PHONE', 'phone', 'not a phone number', 'APP', 'normalize', 'e-3',
                                  TIMESTAMP '2025-03-03 10:00:00', CAST('{"phone":"12"}' AS BINARY), NULL,
                                  named_struct('ingested_at', TIMESTAMP '2025-03-03 10:00:01', 'origin', 'app.jsonl:3', 'batch_id', 'r-1')) AS replay
                    ON target.dead_letter_id = replay.dead_letter_id
                    WHEN MATCHED THEN UPDATE SET target.message = replay.message, target.stage = replay.stage
                    WHEN NOT MATCHED THEN INSERT *
                    """);

            assertThat(rows(spark, "SELECT " + DEAD_LETTER_COLUMNS + " FROM raw.dead_letters ORDER BY dead_letter_id"))
                    .containsExactly(
                            "dl-1|MISSING_FIELD|anonymous_id|anonymous_id is required|WEB|decode|e-1|2025-03-01 08:15:30|{\"event\":\"page_view\"}|web.jsonl:1|b-1",
                            "dl-2|UNKNOWN_STORE|store_id|store 9999 closed|POS|replay|null|2025-03-01 09:00:00|9999;2025-03-01;12.50|pos.csv:7|b-1",
                            "dl-3|BAD_PHONE|phone|not a phone number|APP|normalize|e-3|2025-03-03 10:00:00|{\"phone\":\"12\"}|app.jsonl:3|r-1");
            assertThat(rows(spark, "SELECT operation FROM cdp.raw.dead_letters.snapshots ORDER BY committed_at"))
                    .containsExactly("append", "overwrite");
            // rows land in the layout's partitions: day of received_at, then source
            assertThat(rows(spark, "SELECT CAST(partition.received_at_day AS STRING), partition.source FROM cdp.raw.dead_letters.partitions "
                    + "ORDER BY partition.received_at_day, partition.source"))
                    .containsExactly("2025-03-01|POS", "2025-03-01|WEB", "2025-03-03|APP");
        }
        finally {
            spark.stop();
        }
    }

    private static Map<String, TreeSet<String>> layoutTablesByNamespace()
    {
        return LakehouseTables.all().stream().collect(groupingBy(
                spec -> spec.identifier().namespace().toString(),
                TreeMap::new,
                mapping(TableSpec::name, toCollection(TreeSet::new))));
    }

    private static Map<String, TreeSet<String>> sparkTablesByNamespace(SparkSession spark)
    {
        Map<String, TreeSet<String>> tables = new TreeMap<>();
        for (String namespace : layoutTablesByNamespace().keySet()) {
            TreeSet<String> names = new TreeSet<>();
            spark.sql("SHOW TABLES IN cdp." + namespace).collectAsList()
                    .forEach(row -> names.add(row.getString(0) + "." + row.getString(1)));
            tables.put(namespace, names);
        }
        return tables;
    }

    private static List<String> rows(SparkSession spark, String sql)
    {
        return spark.sql(sql).collectAsList().stream()
                .map(row -> row.mkString("|"))
                .toList();
    }
}
