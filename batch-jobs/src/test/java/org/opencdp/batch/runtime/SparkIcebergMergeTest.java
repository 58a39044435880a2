package org.opencdp.batch.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.types.Types.NestedField;
import org.apache.iceberg.types.Types.StringType;
import org.apache.iceberg.types.Types.TimestampType;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.platform.catalog.Catalogs;
import org.opencdp.platform.config.CatalogSettings;
import org.opencdp.platform.config.CdpConfig;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120)
class SparkIcebergMergeTest
{
    private static final TableIdentifier DEAD_LETTERS = TableIdentifier.of("ops", "dead_letters");
    private static final Schema DEAD_LETTER_SCHEMA = new Schema(
            NestedField.required(1, "id", StringType.get()),
            NestedField.required(2, "source", StringType.get()),
            NestedField.required(3, "reason", StringType.get()),
            NestedField.optional(4, "payload", StringType.get()),
            NestedField.required(5, "received_at", TimestampType.withZone()));
    private static final OffsetDateTime RECEIVED_AT = OffsetDateTime.of(2025, 3, 1, 8, 15, 30, 0, ZoneOffset.UTC);

    @TempDir
    Path home;

    @Test
    void sparkReadsForeignRowsInsertsAndMerges()
            throws Exception
    {
        CatalogSettings catalogSettings = CdpConfig.forHome(home).catalog();
        Catalog catalog = Catalogs.open(catalogSettings);
        try {
            ((SupportsNamespaces) catalog).createNamespace(Namespace.of("ops"));
            Table table = catalog.createTable(DEAD_LETTERS, DEAD_LETTER_SCHEMA);
            appendWithIcebergGenericWriter(table, List.of(
                    deadLetter("e-1", "web", "missing anonymous_id", "{\"event\":\"page_view\"}"),
                    deadLetter("e-2", "pos", "unknown store 9999", null)));
        }
        finally {
            ((AutoCloseable) catalog).close();
        }

        SparkSession spark = SparkSessions.local("dead-letter-merge", catalogSettings.name(), catalogSettings.properties());
        try {
            assertThat(rows(spark, "SELECT id, source, reason, payload, CAST(received_at AS STRING) FROM cdp.ops.dead_letters ORDER BY id"))
                    .containsExactly(
                            "e-1|web|missing anonymous_id|{\"event\":\"page_view\"}|2025-03-01 08:15:30",
                            "e-2|pos|unknown store 9999|null|2025-03-01 08:15:30");

            spark.sql("INSERT INTO cdp.ops.dead_letters VALUES "
                    + "('e-3', 'app', 'bad schema version', NULL, TIMESTAMP '2025-03-02 09:00:00')");

            spark.sql("""
                    MERGE INTO ops.dead_letters AS target
                    USING (SELECT 'e-2' AS id, 'pos' AS source, 'store 9999 closed' AS reason,
                                  '9999;2025-03-01;12.50' AS payload, TIMESTAMP '2025-03-03 10:00:00' AS received_at
                           UNION ALL
                           SELECT 'e-4', 'wechat', 'unverified openid', NULL, TIMESTAMP '2025-03-03 10:00:00') AS fix
                    ON target.id = fix.id
                    WHEN MATCHED THEN UPDATE SET target.reason = fix.reason, target.payload = fix.payload
                    WHEN NOT MATCHED THEN INSERT *
                    """);

            assertThat(rows(spark, "SELECT id, source, reason, payload, CAST(received_at AS STRING) FROM ops.dead_letters ORDER BY id"))
                    .containsExactly(
                            "e-1|web|missing anonymous_id|{\"event\":\"page_view\"}|2025-03-01 08:15:30",
                            "e-2|pos|store 9999 closed|9999;2025-03-01;12.50|2025-03-01 08:15:30",
                            "e-3|app|bad schema version|null|2025-03-02 09:00:00",
                            "e-4|wechat|unverified openid|null|2025-03-03 10:00:00");
            assertThat(rows(spark, "SELECT operation FROM cdp.ops.dead_letters.snapshots ORDER BY committed_at"))
                    .containsExactly("append", "append", "overwrite");
        }
        finally {
            spark.stop();
        }
    }

    private static List<String> rows(SparkSession spark, String sql)
    {
        return spark.sql(sql).collectAsList().stream()
                .map(row -> row.mkString("|"))
                .toList();
    }

    private static Record deadLetter(String id, String source, String reason, String payload)
    {
        Record record = GenericRecord.create(DEAD_LETTER_SCHEMA);
        record.setField("id", id);
        record.setField("source", source);
        record.setField("reason", reason);
        record.setField("payload", payload);
        record.setField("received_at", RECEIVED_AT);
        return record;
    }

    private static void appendWithIcebergGenericWriter(Table table, List<Record> records)
            throws IOException
    {
        OutputFile output = table.io().newOutputFile(table.locationProvider().newDataLocation("seed-" + UUID.randomUUID() + ".parquet"));
        FileAppender<Record> appender = new GenericAppenderFactory(table.schema()).newAppender(output, FileFormat.PARQUET);
        try (appender) {
            appender.addAll(records);
        }
        DataFile dataFile = DataFiles.builder(table.spec())
                .withInputFile(output.toInputFile())
                .withFormat(FileFormat.PARQUET)
                .withMetrics(appender.metrics())
                .build();
        table.newAppend().appendFile(dataFile).commit();
    }
}
