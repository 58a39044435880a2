package org.opencdp.streaming.io;

import java.io.Serializable;

import static java.util.Objects.requireNonNull;

/**
 * Where a record was read in Kafka.
 *
 * @param topic topic name
 * @param partition partition number
 * @param offset offset in the partition
 * @param timestamp the record's Kafka timestamp in epoch milliseconds (append or create time), -1 when absent
 */
public record KafkaOrigin(String topic, int partition, long offset, long timestamp)
        implements Serializable
{
    public KafkaOrigin
    {
        requireNonNull(topic, "topic is null");
        if (partition < 0) {
            throw new IllegalArgumentException("Kafka partition must not be negative, got " + partition);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("Kafka offset must not be negative, got " + offset);
        }
    }

    /** The lineage text stored in {@code _ingest.origin}: {@code topic/partition/offset}. */
    @Override
    public String toString()
    {
        return topic + "/" + partition + "/" + offset;
    }
}
