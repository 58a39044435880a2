package org.opencdp.streaming.io;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.DistributionMode;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.IcebergSink;
import org.opencdp.platform.lakehouse.TableSpec;

import static java.util.Objects.requireNonNull;

/**
 * Appends a stream of rows to a lakehouse table with Iceberg's Flink sink ({@link IcebergSink}, on Flink's
 * Sink V2 committer framework): writers close their files on every checkpoint, one aggregator gathers them and
 * the committer commits them as one snapshot once the checkpoint is complete, so with a replayable source (Kafka
 * offsets in the same checkpoint) every row lands exactly once, across failures and savepoints. Each snapshot
 * records the Flink job id and the checkpoint id it committed.
 *
 * <p>Not the older {@code FlinkSink}: in Iceberg 1.11 its committer keys pending files by the writers'
 * checkpoint id and overwrites an earlier entry when writers finish at different times (a bounded run, a
 * drained stop), which silently drops the files of the writer that finished first.
 *
 * <pre>{@code
 * AvroRowData rows = AvroRowData.of(table.schema(), Contract.WEB_EVENT.schema());
 * DataStream<RowData> stream = records.map(...).returns(InternalTypeInfo.of(rows.rowType()));
 * IcebergSinks.append(LakehouseTables.RAW_WEB_EVENTS, catalogLoader, stream, SinkOptions.uidPrefix("raw-web-events"));
 * }</pre>
 */
public final class IcebergSinks
{
    private IcebergSinks() {}

    /**
     * How rows are written.
     *
     * @param uidPrefix what the stable uids of the sink's operators (writer, aggregator, committer) are derived
     *     from; never change it for a running job, or its state cannot be restored from a savepoint
     * @param writeParallelism number of writers; 0 for the parallelism of the input stream
     * @param distributionMode how rows reach writers; empty for {@link #defaultDistribution(PartitionSpec)}
     * @param snapshotProperties extra properties written into every snapshot summary
     */
    public record SinkOptions(String uidPrefix, int writeParallelism, Optional<DistributionMode> distributionMode, Map<String, String> snapshotProperties)
    {
        public SinkOptions
        {
            requireNonNull(uidPrefix, "uidPrefix is null");
            requireNonNull(distributionMode, "distributionMode is null");
            requireNonNull(snapshotProperties, "snapshotProperties is null");
            if (uidPrefix.isBlank()) {
                throw new IllegalArgumentException("Sink uid prefix is blank");
            }
            if (writeParallelism < 0) {
                throw new IllegalArgumentException("Write parallelism must be 0 (as the input) or positive, got " + writeParallelism);
            }
            snapshotProperties = Map.copyOf(snapshotProperties);
        }

        /** Writers as wide as the input, the default distribution for the table's partitioning. */
        public static SinkOptions uidPrefix(String uidPrefix)
        {
            return new SinkOptions(uidPrefix, 0, Optional.empty(), Map.of());
        }

        public SinkOptions withWriteParallelism(int writeParallelism)
        {
            return new SinkOptions(uidPrefix, writeParallelism, distributionMode, snapshotProperties);
        }

        public SinkOptions withDistributionMode(DistributionMode distributionMode)
        {
            return new SinkOptions(uidPrefix, writeParallelism, Optional.of(distributionMode), snapshotProperties);
        }

        public SinkOptions withSnapshotProperty(String key, String value)
        {
            Map<String, String> properties = new LinkedHashMap<>(snapshotProperties);
            properties.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
            return new SinkOptions(uidPrefix, writeParallelism, distributionMode, properties);
        }
    }

    /**
     * Appends the rows (of the table's Flink row type, see {@link AvroRowData#rowType()}) to the table.
     *
     * @return the sink, e.g. to set its name or slot sharing group
     */
    public static DataStreamSink<?> append(TableSpec table, CatalogLoader catalogLoader, DataStream<RowData> rows, SinkOptions options)
    {
        requireNonNull(table, "table is null");
        requireNonNull(catalogLoader, "catalogLoader is null");
        requireNonNull(rows, "rows is null");
        requireNonNull(options, "options is null");
        int writeParallelism = options.writeParallelism() == 0 ? rows.getParallelism() : options.writeParallelism();
        IcebergSink.Builder builder = IcebergSink.forRowData(rows)
                .tableLoader(TableLoader.fromCatalog(catalogLoader, table.identifier()))
                .uidSuffix(options.uidPrefix())
                .writeParallelism(writeParallelism)
                .distributionMode(options.distributionMode().orElseGet(() -> defaultDistribution(table.partitionSpec())));
        options.snapshotProperties().forEach(builder::setSnapshotProperty);
        return builder.append();
    }

    /**
     * The distribution for a partitioning. Time-partitioned tables (every field a year, month, day or hour
     * transform) get {@link DistributionMode#NONE}: a stream carries mostly recent times, so each writer holds
     * few partitions open, while hashing would funnel a whole day through one writer. Tables partitioned by a
     * value (identity, bucket, truncate) get {@link DistributionMode#HASH}, so each partition is written by one
     * writer and a commit adds one file per partition instead of one per partition and writer. Unpartitioned
     * tables get {@link DistributionMode#NONE}.
     */
    public static DistributionMode defaultDistribution(PartitionSpec spec)
    {
        requireNonNull(spec, "spec is null");
        for (PartitionField field : spec.fields()) {
            if (!isTimeTransform(field)) {
                return DistributionMode.HASH;
            }
        }
        return DistributionMode.NONE;
    }

    private static boolean isTimeTransform(PartitionField field)
    {
        String transform = field.transform().toString();
        return transform.equals("year") || transform.equals("month") || transform.equals("day") || transform.equals("hour");
    }
}
