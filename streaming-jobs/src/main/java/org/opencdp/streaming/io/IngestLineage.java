package org.opencdp.streaming.io;

import java.io.Serializable;
import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * The {@code _ingest} column of a raw row.
 *
 * @param ingestedAt when the row was written to the lakehouse
 * @param origin where it was read, {@code topic/partition/offset} for Kafka (see {@link KafkaOrigin#toString()})
 * @param batchId the load or job run that wrote it, or null
 */
public record IngestLineage(Instant ingestedAt, String origin, String batchId)
        implements Serializable
{
    public IngestLineage
    {
        requireNonNull(ingestedAt, "ingestedAt is null");
        requireNonNull(origin, "origin is null");
    }
}
