package org.opencdp.ingestion.decode;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.opencdp.schemas.contract.Contract;
import org.opencdp.schemas.contract.Envelope;

/**
 * Turns the bytes of one JSON object, as SDKs, POS terminals and consent screens send it, into the contract's
 * generated Avro record, or into a {@link Rejection} that says what is wrong and where. Decoding is driven by the
 * contract's Avro schema (see {@link JsonToAvro}), never by hand-written per-event code.
 *
 * <p>Never throws for bad input: size, nesting depth, string and number length are bounded before or while
 * parsing, and every problem becomes a rejection. Thread-safe.
 */
public final class JsonEventDecoder {
    private final DecoderLimits limits;
    private final ObjectMapper mapper;
    private final EventTimeCorrector timeCorrector;
    private final Map<Contract, JsonToAvro> converters = new ConcurrentHashMap<>();

    public JsonEventDecoder(DecoderLimits limits) {
        this.limits = requireNonNull(limits, "limits is null");
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxStringLength(limits.maxStringLength())
                        .maxNameLength(limits.maxStringLength())
                        .maxNumberLength(limits.maxNumberLength())
                        .maxDocumentLength(limits.maxPayloadBytes())
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.timeCorrector = new EventTimeCorrector(limits.futureTolerance());
    }

    public static JsonEventDecoder withDefaults() {
        return new JsonEventDecoder(DecoderLimits.defaults());
    }

    public DecoderLimits limits() {
        return limits;
    }

    /** Decodes and validates the payload against the contract's schema, without looking at the clock. */
    public DecodeResult decode(byte[] payload, Contract contract) {
        requireNonNull(payload, "payload is null");
        requireNonNull(contract, "contract is null");
        if (payload.length > limits.maxPayloadBytes()) {
            return new Rejection(ReasonCode.OVERSIZED, null,
                    "Payload has %d bytes, more than the limit of %d".formatted(payload.length, limits.maxPayloadBytes()));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            return new Rejection(ReasonCode.MALFORMED_JSON, null, "Payload is not valid UTF-8");
        }
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (StreamConstraintsException e) {
            ReasonCode code = e.getMessage() != null && e.getMessage().contains("NestingDepth")
                    ? ReasonCode.TOO_DEEP
                    : ReasonCode.OVERSIZED;
            return new Rejection(code, null, e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            return new Rejection(ReasonCode.MALFORMED_JSON, null, "Payload is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            return new Rejection(ReasonCode.MALFORMED_JSON, null, "Payload is empty");
        }
        if (!root.isObject()) {
            return new Rejection(ReasonCode.MALFORMED_JSON, null,
                    "Payload must be one JSON object, got " + root.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        String eventId = readableEventId(root);
        try {
            IndexedRecord record = converter(contract).readRecord(root, contract.schema(), null);
            if (contract.isEvent() && eventId != null && eventId.isBlank()) {
                return new Rejection(ReasonCode.INVALID_VALUE, Envelope.EVENT_ID, "event_id must not be blank");
            }
            return new Decoded((SpecificRecord) record);
        } catch (InputRejectedException e) {
            return e.rejection().withEventId(eventId);
        } catch (AvroRuntimeException | ClassCastException e) {
            // the schema and the generated classes disagree; still the producer's record must not be lost
            return new Rejection(ReasonCode.INVALID_VALUE, null,
                    "Payload does not fit the %s contract: %s".formatted(contract, e.getMessage()), eventId);
        }
    }

    /**
     * Decodes, then stamps the server time: sets {@code received_at}, corrects clock skew when {@code sent_at} is
     * present and rejects events too far in the future. For event contracts only.
     */
    public DecodeResult decode(byte[] payload, Contract contract, Instant receivedAt) {
        requireNonNull(receivedAt, "receivedAt is null");
        if (!contract.isEvent()) {
            throw new IllegalArgumentException("Contract %s has no event envelope to stamp".formatted(contract));
        }
        DecodeResult result = decode(payload, contract);
        if (result instanceof Decoded decoded) {
            Optional<Rejection> rejection = timeCorrector.apply(decoded.record(), receivedAt);
            if (rejection.isPresent()) {
                return rejection.get().withEventId(eventIdOf(decoded.record()));
            }
        }
        return result;
    }

    private JsonToAvro converter(Contract contract) {
        return converters.computeIfAbsent(contract, c -> new JsonToAvro(SpecificData.getForSchema(c.schema())));
    }

    private static String readableEventId(JsonNode root) {
        JsonNode id = root.get(Envelope.EVENT_ID);
        return id != null && id.isTextual() ? id.textValue() : null;
    }

    private static String eventIdOf(IndexedRecord record) {
        Schema.Field field = record.getSchema().getField(Envelope.EVENT_ID);
        return field == null ? null : (String) record.get(field.pos());
    }
}
