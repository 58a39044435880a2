package org.opencdp.streaming.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import org.opencdp.platform.config.CatalogSettings;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.schemas.contract.Contract;
import org.opencdp.streaming.core.DeduplicateRows;
import org.opencdp.streaming.io.ContractKafkaSource;
import org.opencdp.streaming.io.ContractKafkaSource.StartingOffsets;

/**
 * Settings every streaming job shares: where it reads contract topics from Kafka, where it writes, and how long
 * it remembers ids to deduplicate. The consent and identity-links jobs take them as they are; the raw-ingest and
 * core-events jobs hold them beside their own ({@code RawIngestJob.Settings}, {@code CoreEventsJob.Settings}).
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param catalog the Iceberg catalog of the lakehouse
 * @param startingOffsets where to start without a checkpoint or savepoint
 * @param bounded stop at the latest offsets found at start
 * @param dedupHorizon how long an id is remembered for deduplication (event ids of events and consent events, link
 *     ids of identity links); raw ingest keeps every record and does not use it
 */
public record KafkaJobSettings(String bootstrapServers, CatalogSettings catalog, StartingOffsets startingOffsets, boolean bounded, Duration dedupHorizon)
{
    public KafkaJobSettings
    {
        requireNonNull(bootstrapServers, "bootstrapServers is null");
        requireNonNull(catalog, "catalog is null");
        requireNonNull(startingOffsets, "startingOffsets is null");
        requireNonNull(dedupHorizon, "dedupHorizon is null");
        if (dedupHorizon.isNegative() || dedupHorizon.isZero()) {
            throw new IllegalArgumentException("The deduplication horizon must be positive, got " + dedupHorizon);
        }
    }

    public static KafkaJobSettings from(CdpConfig config)
    {
        return new KafkaJobSettings(config.kafka().effectiveBootstrapServers(), config.catalog(), StartingOffsets.COMMITTED_OR_EARLIEST,
                false, DeduplicateRows.DEFAULT_HORIZON);
    }

    /**
     * The settings of a job's {@code main}: the configuration's Kafka and catalog, the common arguments' starting
     * offsets and bound, and {@code --dedup-horizon} (default {@link DeduplicateRows#DEFAULT_HORIZON}) for the jobs
     * that take it.
     */
    public static KafkaJobSettings from(CdpConfig config, JobArguments arguments)
    {
        requireNonNull(arguments, "arguments is null");
        return from(config)
                .withStartingOffsets(arguments.startingOffsets())
                .withBounded(arguments.bounded())
                .withDedupHorizon(arguments.duration("dedup-horizon", DeduplicateRows.DEFAULT_HORIZON));
    }

    /** The Kafka source of a job: the group's reads of {@code contracts}' topics, from these starting offsets and bound. */
    public ContractKafkaSource.Builder source(String groupId, List<Contract> contracts)
    {
        return ContractKafkaSource.builder(bootstrapServers, groupId)
                .contracts(contracts)
                .startingOffsets(startingOffsets)
                .bounded(bounded);
    }

    public KafkaJobSettings withBootstrapServers(String bootstrapServers)
    {
        return new KafkaJobSettings(bootstrapServers, catalog, startingOffsets, bounded, dedupHorizon);
    }

    public KafkaJobSettings withStartingOffsets(StartingOffsets startingOffsets)
    {
        return new KafkaJobSettings(bootstrapServers, catalog, startingOffsets, bounded, dedupHorizon);
    }

    public KafkaJobSettings withBounded(boolean bounded)
    {
        return new KafkaJobSettings(bootstrapServers, catalog, startingOffsets, bounded, dedupHorizon);
    }

    public KafkaJobSettings withDedupHorizon(Duration dedupHorizon)
    {
        return new KafkaJobSettings(bootstrapServers, catalog, startingOffsets, bounded, dedupHorizon);
    }
}
