package org.opencdp.ingestion.kafka;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.opencdp.schemas.contract.Contract;

/**
 * Turns consumed values back into the generated record of their contract. The contract comes from the
 * {@link RecordHeaders#CONTRACT} header, or from the topic when the header is absent. Values written with the
 * current schema always decode; values written with another schema version decode when the {@link SchemaStore}
 * given at construction knows that writer schema (Avro then resolves it into the current class). Thread-safe.
 */
public final class KafkaEventDecoder {
    private final Map<Contract, BinaryMessageDecoder<? extends SpecificRecord>> decoders = new EnumMap<>(Contract.class);

    /** A decoder that knows the current schema of every contract. */
    public KafkaEventDecoder() {
        this(null);
    }

    /** A decoder that also resolves every writer schema the store holds (e.g. a {@code SchemaStore.Cache} of released schemas). */
    public KafkaEventDecoder(SchemaStore writerSchemas) {
        for (Contract contract : Contract.values()) {
            decoders.put(contract, ContractCodec.decoder(contract, writerSchemas));
        }
    }

    /** The contract of a consumed record: its header, else its topic. */
    public static Optional<Contract> contractOf(String topic, Headers headers) {
        Optional<String> named = RecordHeaders.lastValue(headers, RecordHeaders.CONTRACT);
        if (named.isPresent()) {
            return Arrays.stream(Contract.values()).filter(contract -> contract.name().equals(named.get())).findFirst();
        }
        return Arrays.stream(Contract.values()).filter(contract -> contract.topic().equals(topic)).findFirst();
    }

    /** Decodes a consumed record's value. */
    public SpecificRecord decode(ConsumerRecord<?, byte[]> record) {
        requireNonNull(record, "record is null");
        String location = "%s-%d@%d".formatted(record.topic(), record.partition(), record.offset());
        Contract contract = contractOf(record.topic(), record.headers()).orElseThrow(() -> new UndecodableRecordException(
                "Record %s has no known contract: header %s is %s and the topic is no contract's topic".formatted(
                        location, RecordHeaders.CONTRACT,
                        RecordHeaders.lastValue(record.headers(), RecordHeaders.CONTRACT).orElse("absent")),
                null));
        return decode(contract, record.value(), location);
    }

    /** Decodes a single-object encoded value of the given contract. */
    public SpecificRecord decode(Contract contract, byte[] value) {
        return decode(contract, value, "value");
    }

    private SpecificRecord decode(Contract contract, byte[] value, String location) {
        requireNonNull(contract, "contract is null");
        if (value == null) {
            throw new UndecodableRecordException("Record %s of contract %s has no value".formatted(location, contract), null);
        }
        try {
            return decoders.get(contract).decode(value);
        }
        catch (IOException | AvroRuntimeException e) {
            // MissingSchemaException (an unknown writer fingerprint) and BadHeaderException (not single-object
            // encoded) are AvroRuntimeExceptions
            throw new UndecodableRecordException("Record %s is not a decodable %s record (%d bytes): %s"
                    .formatted(location, contract, value.length, e.getMessage()), e);
        }
    }
}
