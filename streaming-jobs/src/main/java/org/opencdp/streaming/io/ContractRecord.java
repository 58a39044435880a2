package org.opencdp.streaming.io;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.opencdp.schemas.contract.Contract;

import static java.util.Objects.requireNonNull;

/**
 * A decoded contract record as read from Kafka: the generated Avro record of its contract plus where it
 * was read. Flink serializes it with {@link ContractRecordSerializer} (Avro binary, not Kryo).
 *
 * <p>The Avro record is mutable; operators must not change it (copy it with
 * {@link ContractRecordSerializer#copy(ContractRecord)} first).
 *
 * @param contract the contract the record belongs to
 * @param record the generated record, e.g. a {@code WebEvent}
 * @param origin topic, partition, offset and Kafka timestamp it was read at
 */
@TypeInfo(ContractRecordTypeInfo.Factory.class)
public record ContractRecord(Contract contract, SpecificRecord record, KafkaOrigin origin)
{
    public ContractRecord
    {
        requireNonNull(contract, "contract is null");
        requireNonNull(record, "record is null");
        requireNonNull(origin, "origin is null");
        if (!record.getSchema().getFullName().equals(contract.schema().getFullName())) {
            throw new IllegalArgumentException("Record of type %s does not belong to contract %s (%s)"
                    .formatted(record.getSchema().getFullName(), contract, contract.schema().getFullName()));
        }
    }

    /** The record in Avro single-object encoding, as it travels on Kafka. */
    public byte[] encoded()
    {
        return ContractCodecs.encode(contract, record);
    }

    /** The record as the given generated class; fails naming both types when it is another contract's. */
    public <T extends SpecificRecord> T as(Class<T> type)
    {
        if (!type.isInstance(record)) {
            throw new IllegalStateException("Record at %s is a %s, not a %s".formatted(origin, contract, type.getSimpleName()));
        }
        return type.cast(record);
    }
}
