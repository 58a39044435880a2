package org.opencdp.ingestion.kafka;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;
import org.opencdp.schemas.avro.AppEvent;
import org.opencdp.schemas.avro.ConsentEvent;
import org.opencdp.schemas.avro.DeadLetter;
import org.opencdp.schemas.avro.IdentityLink;
import org.opencdp.schemas.avro.MemberProfile;
import org.opencdp.schemas.avro.MiniProgramEvent;
import org.opencdp.schemas.avro.PosTransaction;
import org.opencdp.schemas.avro.WebEvent;
import org.opencdp.schemas.contract.Contract;

/**
 * Avro single-object encoding of the generated classes: {@code C3 01}, the 8-byte CRC-64-AVRO fingerprint of the
 * writer schema, then the binary record. The generated encoders and decoders carry the logical-type conversions
 * (timestamps as {@code Instant}), which a generic {@code SpecificData} would not.
 */
final class ContractCodec {
    private static final Map<Contract, String> FINGERPRINTS = new EnumMap<>(Contract.class);

    static {
        for (Contract contract : Contract.values()) {
            FINGERPRINTS.put(contract, formatFingerprint(SchemaNormalization.parsingFingerprint64(contract.schema())));
        }
    }

    private ContractCodec() {}

    /** The writer schema fingerprint of the contract's current schema, as 16 lower-case hex digits. */
    static String fingerprint(Contract contract) {
        return FINGERPRINTS.get(requireNonNull(contract, "contract is null"));
    }

    static String formatFingerprint(long fingerprint) {
        return String.format(Locale.ROOT, "%016x", fingerprint);
    }

    /** Encodes a record of the contract; fails when the record belongs to another contract. */
    static byte[] encode(Contract contract, SpecificRecord record) {
        requireNonNull(contract, "contract is null");
        requireNonNull(record, "record is null");
        Schema schema = record.getSchema();
        if (!schema.getFullName().equals(contract.schema().getFullName())) {
            throw new IllegalArgumentException("Record of type %s does not belong to contract %s (%s)"
                    .formatted(schema.getFullName(), contract, contract.schema().getFullName()));
        }
        try {
            ByteBuffer buffer = toByteBuffer(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not encode a %s record".formatted(contract), e);
        }
    }

    private static ByteBuffer toByteBuffer(SpecificRecord record) throws IOException {
        // the generated classes share no type that declares toByteBuffer()
        if (record instanceof WebEvent r) {
            return r.toByteBuffer();
        }
        if (record instanceof AppEvent r) {
            return r.toByteBuffer();
        }
        if (record instanceof MiniProgramEvent r) {
            return r.toByteBuffer();
        }
        if (record instanceof PosTransaction r) {
            return r.toByteBuffer();
        }
        if (record instanceof ConsentEvent r) {
            return r.toByteBuffer();
        }
        if (record instanceof IdentityLink r) {
            return r.toByteBuffer();
        }
        if (record instanceof DeadLetter r) {
            return r.toByteBuffer();
        }
        if (record instanceof MemberProfile r) {
            return r.toByteBuffer();
        }
        throw new IllegalArgumentException("Not a generated contract class: " + record.getClass().getName());
    }

    /**
     * The decoder of a contract. Without a store it knows only the current schema; with one it also resolves
     * records written with any schema the store knows (an older release) into the current class.
     */
    static BinaryMessageDecoder<? extends SpecificRecord> decoder(Contract contract, SchemaStore writerSchemas) {
        requireNonNull(contract, "contract is null");
        // a switch expression over the enum, so a new contract does not compile until it has a decoder here
        return switch (contract) {
            case WEB_EVENT -> writerSchemas == null ? WebEvent.getDecoder() : WebEvent.createDecoder(writerSchemas);
            case APP_EVENT -> writerSchemas == null ? AppEvent.getDecoder() : AppEvent.createDecoder(writerSchemas);
            case MINI_PROGRAM_EVENT -> writerSchemas == null ? MiniProgramEvent.getDecoder() : MiniProgramEvent.createDecoder(writerSchemas);
            case POS_TRANSACTION -> writerSchemas == null ? PosTransaction.getDecoder() : PosTransaction.createDecoder(writerSchemas);
            case CONSENT_EVENT -> writerSchemas == null ? ConsentEvent.getDecoder() : ConsentEvent.createDecoder(writerSchemas);
            case IDENTITY_LINK -> writerSchemas == null ? IdentityLink.getDecoder() : IdentityLink.createDecoder(writerSchemas);
            case DEAD_LETTER -> writerSchemas == null ? DeadLetter.getDecoder() : DeadLetter.createDecoder(writerSchemas);
            case MEMBER_PROFILE -> writerSchemas == null ? MemberProfile.getDecoder() : MemberProfile.createDecoder(writerSchemas);
        };
    }
}
