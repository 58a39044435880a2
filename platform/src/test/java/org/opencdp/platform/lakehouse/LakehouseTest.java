package org.opencdp.platform.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.platform.catalog.Catalogs;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.lakehouse.InitReport.Outcome;
import org.opencdp.schemas.contract.Contract;

class LakehouseTest {
    private static final OffsetDateTime EVENT_TIME = OffsetDateTime.of(2026, 3, 14, 9, 30, 0, 0, ZoneOffset.UTC);

    @TempDir
    Path home;

    private Catalog catalog;
    private Lakehouse lakehouse;

    @BeforeEach
    void openCatalog() {
        catalog = Catalogs.open(CdpConfig.forHome(home).catalog());
        lakehouse = new Lakehouse(catalog);
    }

    @AfterEach
    void closeCatalog() throws Exception {
        if (catalog instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void initCreatesEveryNamespaceAndTable() {
        InitReport report = lakehouse.init();

        assertThat(report.createdNamespaces()).extracting(Object::toString)
                .containsExactly("raw", "core", "identity", "consent", "profile");
        assertThat(report.tables()).hasSize(LakehouseTables.all().size())
                .allMatch(result -> result.outcome() == Outcome.CREATED);
        assertThat(home.resolve("catalog/iceberg.db")).exists();

        for (TableSpec spec : LakehouseTables.all()) {
            Table table = catalog.loadTable(spec.identifier());
            assertThat(table.schema().sameSchema(spec.schema())).as(spec.name()).isTrue();
            assertThat(table.spec().fields()).hasSameSizeAs(spec.partitionSpec().fields());
            assertThat(table.sortOrder().fields()).hasSameSizeAs(spec.sortOrder().fields());
            assertThat(table.properties()).containsEntry("comment", spec.description())
                    .containsEntry("write.parquet.compression-codec", "zstd");
            assertThat(((HasTableOperations) table).operations().current().formatVersion()).isEqualTo(2);
            assertThat(table.location()).startsWith("file:" + home.toAbsolutePath() + "/warehouse/");
        }
        assertThat(lakehouse.tables()).allMatch(TableStatus::exists)
                .allMatch(status -> status.rowCount() == 0 && status.currentSnapshotId().isEmpty());
    }

    @Test
    void initTwiceChangesNothingTheSecondTime() {
        lakehouse.init();

        InitReport second = new Lakehouse(catalog).init();

        assertThat(second.createdNamespaces()).isEmpty();
        assertThat(second.allUnchanged()).as(second.format()).isTrue();
    }

    @Test
    void anOlderNarrowerTableGainsTheMissingColumnsAndKeepsItsData() throws IOException {
        TableIdentifier webEvents = LakehouseTables.RAW_WEB_EVENTS.identifier();
        Schema older = new Schema(
                Types.NestedField.required(1, "event_id", Types.StringType.get()),
                Types.NestedField.required(2, "source", Types.StringType.get()),
                Types.NestedField.required(3, "event_time", Types.TimestampType.withZone()),
                Types.NestedField.required(4, "event_type", Types.StringType.get()));
        ((org.apache.iceberg.catalog.SupportsNamespaces) catalog).createNamespace(LakehouseTables.RAW);
        Table table = catalog.buildTable(webEvents, older)
                .withPartitionSpec(PartitionSpec.builderFor(older).day("event_time").build())
                .withProperty("format-version", "1")
                .create();
        GenericRecord old = GenericRecord.create(older);
        old.setField("event_id", "e-old");
        old.setField("source", "WEB");
        old.setField("event_time", EVENT_TIME);
        old.setField("event_type", "page_view");
        append(table, List.of(old));

        InitReport report = lakehouse.init();

        InitReport.TableResult result = report.table(webEvents);
        assertThat(result.outcome()).isEqualTo(Outcome.EVOLVED);
        assertThat(result.addedColumns())
                .contains("schema_version", "identifiers", "context", "properties", "commerce", "_ingest")
                .doesNotContain("_ingest.origin", "event_id");
        assertThat(result.changedProperties()).containsEntry("format-version", "2").containsKey("comment");

        Table evolved = catalog.loadTable(webEvents);
        assertThat(evolved.schema().findField("_ingest.origin")).isNotNull();
        assertThat(evolved.schema().findField("event_id").fieldId()).as("existing ids are kept").isEqualTo(1);
        assertThat(((HasTableOperations) evolved).operations().current().formatVersion()).isEqualTo(2);
        List<Record> rows = readAll(evolved);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getField("event_id")).isEqualTo("e-old");
        assertThat(rows.get(0).getField("event_time")).isEqualTo(EVENT_TIME);
        assertThat(rows.get(0).getField("_ingest")).isNull();

        assertThat(lakehouse.init().allUnchanged()).as("evolution converges").isTrue();
    }

    @Test
    void rawAndDeadLetterRowsAreWrittenReadBackAndCounted() throws IOException {
        lakehouse.init();
        Table webEvents = catalog.loadTable(LakehouseTables.raw(Contract.WEB_EVENT).identifier());
        Table deadLetters = catalog.loadTable(LakehouseTables.DEAD_LETTERS.identifier());

        List<Record> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(webEvent(webEvents.schema(), "e-" + i, i));
        }
        append(webEvents, events);
        append(deadLetters, List.of(deadLetter(deadLetters.schema())));

        List<Record> readEvents = readAll(catalog.loadTable(LakehouseTables.RAW_WEB_EVENTS.identifier()));
        assertThat(readEvents).extracting(record -> record.getField("event_id")).containsExactlyInAnyOrder("e-0", "e-1", "e-2");
        Record first = readEvents.stream().filter(record -> record.getField("event_id").equals("e-0")).findFirst().orElseThrow();
        assertThat(((Record) first.getField("_ingest")).getField("origin")).isEqualTo("web.jsonl:1");
        assertThat(((Record) first.getField("identifiers")).getField("phone")).isEqualTo("tok-phone-0");
        assertThat(first.getField("properties")).isEqualTo(Map.of("campaign", "spring"));

        List<Record> readLetters = readAll(catalog.loadTable(LakehouseTables.DEAD_LETTERS.identifier()));
        assertThat(readLetters).hasSize(1);
        assertThat(readLetters.get(0).getField("reason_code")).isEqualTo("MALFORMED_JSON");
        assertThat(StandardCharsets.UTF_8.decode((ByteBuffer) readLetters.get(0).getField("original_payload")).toString())
                .isEqualTo("{not json");

        List<TableStatus> statuses = lakehouse.tables();
        TableStatus web = status(statuses, LakehouseTables.RAW_WEB_EVENTS);
        assertThat(web.rowCount()).isEqualTo(3);
        assertThat(web.dataFileCount()).isEqualTo(1);
        assertThat(web.currentSnapshotId()).hasValue(catalog.loadTable(LakehouseTables.RAW_WEB_EVENTS.identifier()).currentSnapshot().snapshotId());
        assertThat(web.lastCommit()).isPresent();
        TableStatus letters = status(statuses, LakehouseTables.DEAD_LETTERS);
        assertThat(letters.rowCount()).isEqualTo(1);
        assertThat(letters.currentSnapshotId()).hasValue(catalog.loadTable(LakehouseTables.DEAD_LETTERS.identifier()).currentSnapshot().snapshotId());
        TableStatus profiles = status(statuses, LakehouseTables.PROFILE_MEMBERS);
        assertThat(profiles.rowCount()).isZero();
        assertThat(profiles.currentSnapshotId()).isEmpty();
        assertThat(profiles.lastCommit()).isEmpty();
    }

    @Test
    void tablesNotCreatedYetAreReportedMissing() {
        assertThat(lakehouse.tables()).noneMatch(TableStatus::exists);
    }

    private static TableStatus status(List<TableStatus> statuses, TableSpec spec) {
        return statuses.stream().filter(status -> status.identifier().equals(spec.identifier())).findFirst().orElseThrow();
    }

    private static Record webEvent(Schema schema, String eventId, int line) {
        GenericRecord record = GenericRecord.create(schema);
        record.setField("event_id", eventId);
        record.setField("source", "WEB");
        record.setField("schema_version", 1);
        record.setField("event_time", EVENT_TIME.plusMinutes(line));
        record.setField("event_type", "page_view");
        GenericRecord identifiers = GenericRecord.create(schema.findType("identifiers").asStructType());
        identifiers.setField("phone", "tok-phone-" + line);
        identifiers.setField("phone_verified", false);
        identifiers.setField("tokenization_key_id", "hmac-test");
        record.setField("identifiers", identifiers);
        record.setField("properties", Map.of("campaign", "spring"));
        record.setField("_ingest", ingest(schema, "web.jsonl:" + (line + 1)));
        return record;
    }

    private static Record deadLetter(Schema schema) {
        GenericRecord record = GenericRecord.create(schema);
        record.setField("dead_letter_id", UUID.randomUUID().toString());
        record.setField("reason_code", "MALFORMED_JSON");
        record.setField("message", "Unexpected end of input");
        record.setField("source", "web");
        record.setField("stage", "importer");
        record.setField("received_at", EVENT_TIME);
        record.setField("original_payload", ByteBuffer.wrap("{not json".getBytes(StandardCharsets.UTF_8)));
        record.setField("_ingest", ingest(schema, "web.jsonl:7"));
        return record;
    }

    private static Record ingest(Schema schema, String origin) {
        GenericRecord ingest = GenericRecord.create(schema.findType(LakehouseTables.INGEST).asStructType());
        ingest.setField(LakehouseTables.INGEST_INGESTED_AT, EVENT_TIME.plusHours(1));
        ingest.setField(LakehouseTables.INGEST_ORIGIN, origin);
        ingest.setField(LakehouseTables.INGEST_BATCH_ID, "batch-1");
        return ingest;
    }

    /** Appends records that share one partition as a single Parquet data file. */
    private static void append(Table table, List<Record> records) throws IOException {
        PartitionKey partition = new PartitionKey(table.spec(), table.schema());
        partition.partition(new InternalRecordWrapper(table.schema().asStruct()).wrap(records.get(0)));
        OutputFile output = table.io().newOutputFile(
                table.locationProvider().newDataLocation(table.spec(), partition, UUID.randomUUID() + ".parquet"));
        FileAppender<Record> appender = new GenericAppenderFactory(table.schema(), table.spec()).newAppender(output, FileFormat.PARQUET);
        try (appender) {
            appender.addAll(records);
        }
        DataFile file = DataFiles.builder(table.spec())
                .withPath(output.location())
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(appender.length())
                .withMetrics(appender.metrics())
                .withPartition(partition)
                .build();
        table.newAppend().appendFile(file).commit();
    }

    private static List<Record> readAll(Table table) throws IOException {
        List<Record> records = new ArrayList<>();
        try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
            rows.forEach(row -> records.add(row.copy()));
        }
        return records;
    }
}
