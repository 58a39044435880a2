package org.opencdp.streaming.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;

import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.opencdp.schemas.contract.Contract;

import static java.util.Objects.requireNonNull;

/**
 * Avro single-object encoding of every contract with the generated classes' own data model, so logical
 * types (timestamps as {@code Instant}, dates as {@code LocalDate}) survive a round trip. The encoders and
 * decoders are thread-safe.
 */
final class ContractCodecs
{
    private static final Map<Contract, SpecificData> MODELS = new EnumMap<>(Contract.class);
    private static final Map<Contract, BinaryMessageEncoder<SpecificRecord>> ENCODERS = new EnumMap<>(Contract.class);
    private static final Map<Contract, BinaryMessageDecoder<SpecificRecord>> DECODERS = new EnumMap<>(Contract.class);

    static {
        for (Contract contract : Contract.values()) {
            Class<?> generated = SpecificData.get().getClass(contract.schema());
            if (generated == null) {
                throw new IllegalStateException("No generated class for contract " + contract + " (" + contract.schema().getFullName() + ")");
            }
            // the generated class's MODEL$ carries its logical-type conversions; SpecificData.get() does not
            SpecificData model = SpecificData.getForClass(generated);
            MODELS.put(contract, model);
            ENCODERS.put(contract, new BinaryMessageEncoder<>(model, contract.schema()));
            DECODERS.put(contract, new BinaryMessageDecoder<>(model, contract.schema()));
        }
    }

    private ContractCodecs() {}

    static byte[] encode(Contract contract, SpecificRecord record)
    {
        requireNonNull(record, "record is null");
        try {
            ByteBuffer buffer = ENCODERS.get(contract).encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not encode a " + contract + " record", e);
        }
    }

    static SpecificRecord decode(Contract contract, byte[] bytes)
    {
        try {
            return DECODERS.get(contract).decode(bytes);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not decode a " + contract + " record of " + bytes.length + " bytes", e);
        }
    }

    static SpecificRecord deepCopy(Contract contract, SpecificRecord record)
    {
        return (SpecificRecord) MODELS.get(contract).deepCopy(contract.schema(), record);
    }
}
