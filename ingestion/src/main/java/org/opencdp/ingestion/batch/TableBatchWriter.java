package org.opencdp.ingestion.batch;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.IndexedRecord;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FanoutDataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.PropertyUtil;
import org.opencdp.platform.lakehouse.LakehouseTables;

/**
 * Writes the rows of one batch into Parquet data files of one raw table, one open file per partition (a day of
 * events), rolling at the table's target file size; the files are committed by the caller. Each row gets the
 * {@code _ingest} lineage of the batch.
 */
final class TableBatchWriter {
    private final Table table;
    private final String tableName;
    private final AvroToIceberg converter;
    private final FanoutDataWriter<Record> writer;
    private final PartitionKey partitionKey;
    // partition transforms work on Iceberg's internal values (micros), not OffsetDateTime
    private final InternalRecordWrapper internalValues;
    private final Types.StructType ingestType;
    private final int ingestPosition;
    private final OffsetDateTime ingestedAt;
    private final String batchId;
    private long rows;
    private List<DataFile> files;

    TableBatchWriter(Table table, String tableName, org.apache.avro.Schema avroSchema, String batchId, Instant ingestedAt, int taskId) {
        this.table = requireNonNull(table, "table is null");
        this.tableName = requireNonNull(tableName, "tableName is null");
        this.batchId = requireNonNull(batchId, "batchId is null");
        this.ingestedAt = OffsetDateTime.ofInstant(requireNonNull(ingestedAt, "ingestedAt is null"), ZoneOffset.UTC);
        Types.StructType struct = table.schema().asStruct();
        this.converter = new AvroToIceberg(struct, avroSchema);
        Types.NestedField ingest = struct.field(LakehouseTables.INGEST);
        if (ingest == null) {
            throw new IllegalStateException("Table %s has no %s column; run 'cdp lakehouse init' to evolve it"
                    .formatted(tableName, LakehouseTables.INGEST));
        }
        this.ingestType = ingest.type().asStructType();
        this.ingestPosition = struct.fields().indexOf(ingest);

        OutputFileFactory files = OutputFileFactory.builderFor(table, taskId, 0)
                .format(FileFormat.PARQUET)
                .operationId(batchId)
                .build();
        long targetFileSize = PropertyUtil.propertyAsLong(table.properties(),
                TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
        GenericFileWriterFactory writers = new GenericFileWriterFactory.Builder(table)
                .dataFileFormat(FileFormat.PARQUET)
                .build();
        this.writer = new FanoutDataWriter<>(writers, files, table.io(), targetFileSize);
        this.partitionKey = new PartitionKey(table.spec(), table.schema());
        this.internalValues = new InternalRecordWrapper(struct);
    }

    void write(IndexedRecord avro, String origin) {
        Record row = converter.convert(avro);
        GenericRecord ingest = GenericRecord.create(ingestType);
        ingest.setField(LakehouseTables.INGEST_INGESTED_AT, ingestedAt);
        ingest.setField(LakehouseTables.INGEST_ORIGIN, origin);
        ingest.setField(LakehouseTables.INGEST_BATCH_ID, batchId);
        row.set(ingestPosition, ingest);
        partitionKey.partition(internalValues.wrap(row));
        writer.write(row, table.spec(), partitionKey);
        rows++;
    }

    long rows() {
        return rows;
    }

    /** Name in the lakehouse layout, e.g. {@code raw.web_events}. */
    String tableName() {
        return tableName;
    }

    Table table() {
        return table;
    }

    /** Closes the open files and returns them; call once. */
    List<DataFile> complete() {
        if (files == null) {
            try {
                writer.close();
                files = List.copyOf(writer.result().dataFiles());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot close data files of table " + tableName, e);
            }
        }
        return new ArrayList<>(files);
    }

    /** Deletes every file written so far; used when the batch fails before its commit. */
    void abort() {
        try {
            List<DataFile> written = complete();
            written.forEach(file -> table.io().deleteFile(file.location()));
        } catch (RuntimeException e) {
            // the batch already failed; leftover files are unreferenced and removed by orphan-file cleanup
        }
    }
}
