package org.opencdp.streaming.io;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.opencdp.ingestion.kafka.KafkaEventDecoder;
import org.opencdp.ingestion.kafka.UndecodableRecordException;
import org.opencdp.schemas.avro.DeadLetter;
import org.opencdp.schemas.contract.Contract;

/**
 * Decodes consumed values into the generated record of their contract with the ingestion edge's
 * {@link KafkaEventDecoder} (contract from the {@code cdp.contract} header, else from the topic), keeping
 * topic, partition and offset.
 *
 * <p>A value that cannot be decoded does not stop the job (it would fail again after every restart):
 * it becomes a {@link DeadLetter} of the {@code stream} stage with reason {@code SCHEMA_MISMATCH} (or
 * {@code UNKNOWN_SOURCE} when no contract is known for it) and its exact bytes, with an id derived from
 * its Kafka position so a replay yields the same id.
 */
public final class ContractDeserializationSchema
        implements KafkaRecordDeserializationSchema<ContractRecord>
{
    public static final String STAGE = "stream";
    public static final String SCHEMA_MISMATCH = "SCHEMA_MISMATCH";
    public static final String UNKNOWN_SOURCE = "UNKNOWN_SOURCE";

    private static final long serialVersionUID = 1L;

    private transient KafkaEventDecoder decoder;

    @Override
    public void open(DeserializationSchema.InitializationContext context)
    {
        decoder = new KafkaEventDecoder();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ContractRecord> out)
    {
        if (decoder == null) {
            decoder = new KafkaEventDecoder();
        }
        KafkaOrigin origin = new KafkaOrigin(record.topic(), record.partition(), record.offset(), record.timestamp());
        Optional<Contract> contract = KafkaEventDecoder.contractOf(record.topic(), record.headers());
        if (contract.isEmpty()) {
            out.collect(deadLetter(origin, UNKNOWN_SOURCE, record.topic(),
                    "No contract is known for the record: no cdp.contract header and not a contract topic", record.value()));
            return;
        }
        SpecificRecord decoded;
        try {
            // the contract is known: decode(ConsumerRecord) would look it up again and format a location per record
            decoded = decoder.decode(contract.get(), record.value());
        }
        catch (UndecodableRecordException e) {
            out.collect(deadLetter(origin, SCHEMA_MISMATCH, contract.get().sourceName(), e.getMessage(), record.value()));
            return;
        }
        out.collect(new ContractRecord(contract.get(), decoded, origin));
    }

    @Override
    public TypeInformation<ContractRecord> getProducedType()
    {
        return ContractRecordTypeInfo.INSTANCE;
    }

    private static ContractRecord deadLetter(KafkaOrigin origin, String reason, String source, String message, byte[] value)
    {
        DeadLetter deadLetter = DeadLetter.newBuilder()
                .setDeadLetterId("stream-" + origin.topic() + "-" + origin.partition() + "-" + origin.offset())
                .setReasonCode(reason)
                .setField(null)
                .setMessage(message)
                .setSource(source)
                .setStage(STAGE)
                .setEventId(null)
                .setReceivedAt(origin.timestamp() >= 0 ? Instant.ofEpochMilli(origin.timestamp()) : Instant.now())
                .setOriginalPayload(ByteBuffer.wrap(value == null ? new byte[0] : value))
                .build();
        return new ContractRecord(Contract.DEAD_LETTER, deadLetter, origin);
    }
}
