package org.opencdp.ingestion.edge;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.opencdp.ingestion.decode.DecodeResult;
import org.opencdp.ingestion.decode.Decoded;
import org.opencdp.ingestion.decode.JsonEventDecoder;
import org.opencdp.ingestion.decode.ReasonCode;
import org.opencdp.ingestion.decode.Rejection;
import org.opencdp.ingestion.pii.IdentifierTokenizer;
import org.opencdp.ingestion.vault.PayloadSealer;
import org.opencdp.schemas.avro.DeadLetter;
import org.opencdp.schemas.avro.IdentifierType;
import org.opencdp.schemas.avro.Identifiers;
import org.opencdp.schemas.avro.MiniProgramEvent;
import org.opencdp.schemas.contract.Contract;
import org.opencdp.schemas.contract.Envelope;

/**
 * One unit of intake (an HTTP request, a file load). Remembers the event ids it accepted so a client retrying
 * inside the same batch cannot store an event twice; the memory this takes grows with the batch, so batches
 * should be bounded by their producers. Not thread-safe.
 */
public final class EdgeBatch {
    private final String batchId;
    private final IngestStage stage;
    private final JsonEventDecoder decoder;
    private final IdentifierTokenizer tokenizer;
    private final Clock clock;
    private final PayloadSealer sealer;
    private final ContactSink contacts;
    private final Set<String> acceptedEventIds = new HashSet<>();
    private long sequence;

    EdgeBatch(String batchId, IngestStage stage, JsonEventDecoder decoder, IdentifierTokenizer tokenizer, Clock clock, PayloadSealer sealer,
            ContactSink contacts) {
        this.sealer = requireNonNull(sealer, "sealer is null");
        this.contacts = requireNonNull(contacts, "contacts is null");
        this.batchId = requireNonNull(batchId, "batchId is null");
        this.stage = requireNonNull(stage, "stage is null");
        this.decoder = requireNonNull(decoder, "decoder is null");
        this.tokenizer = requireNonNull(tokenizer, "tokenizer is null");
        this.clock = requireNonNull(clock, "clock is null");
        if (batchId.isBlank()) {
            throw new IllegalArgumentException("batchId must not be blank");
        }
    }

    public String batchId() {
        return batchId;
    }

    /** Longest payload the decoder accepts; readers need not buffer more of one record. */
    public int maxPayloadBytes() {
        return decoder.limits().maxPayloadBytes();
    }

    /** Runs one payload through the edge checks. Never throws for bad input. */
    public EdgeOutcome process(Contract contract, byte[] payload) {
        requireNonNull(contract, "contract is null");
        requireNonNull(payload, "payload is null");
        if (!contract.isEvent()) {
            throw new IllegalArgumentException("Contract %s is not an event contract".formatted(contract));
        }
        long position = sequence++;
        Instant receivedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        DecodeResult result = decoder.decode(payload, contract, receivedAt);
        if (result instanceof Rejection rejection) {
            return deadLetter(contract, payload, rejection, receivedAt, position);
        }
        SpecificRecord event = ((Decoded) result).record();
        Schema schema = event.getSchema();
        String eventId = (String) event.get(schema.getField(Envelope.EVENT_ID).pos());
        if (!acceptedEventIds.add(eventId)) {
            Rejection duplicate = new Rejection(ReasonCode.DUPLICATE_EVENT, Envelope.EVENT_ID,
                    "event_id %s was already accepted in batch %s".formatted(eventId, batchId), eventId);
            return deadLetter(contract, payload, duplicate, receivedAt, position);
        }
        tokenize(event);
        return new Accepted(contract, event);
    }

    /**
     * Dead-letters a payload that a reader in front of the pipeline could not turn into an event (a file line
     * with an unparseable number, a missing key), so it is recorded exactly like a payload the decoder rejected:
     * same stage, source, received time and deterministic id from the batch id and position.
     */
    public DeadLettered reject(Contract contract, byte[] payload, Rejection rejection) {
        requireNonNull(contract, "contract is null");
        requireNonNull(payload, "payload is null");
        requireNonNull(rejection, "rejection is null");
        long position = sequence++;
        return deadLetter(contract, payload, rejection, clock.instant().truncatedTo(ChronoUnit.MILLIS), position);
    }

    private void tokenize(SpecificRecord event) {
        int identifiersPos = event.getSchema().getField(Envelope.IDENTIFIERS).pos();
        Identifiers clear = (Identifiers) event.get(identifiersPos);
        Identifiers tokenized = tokenizer.tokenize(clear);
        event.put(identifiersPos, tokenized);
        if (contacts != ContactSink.NONE) {
            if (tokenized.getPhone() != null) {
                contacts.accept(new ClearContact(IdentifierType.PHONE, tokenized.getPhone(),
                        IdentifierTokenizer.normalized(IdentifierType.PHONE, clear.getPhone())));
            }
            if (tokenized.getEmail() != null) {
                contacts.accept(new ClearContact(IdentifierType.EMAIL, tokenized.getEmail(),
                        IdentifierTokenizer.normalized(IdentifierType.EMAIL, clear.getEmail())));
            }
        }
        // the sharer's openid is personal data outside the identifiers block; it is scoped to the same app
        if (event instanceof MiniProgramEvent miniProgram && miniProgram.getSharedBy() != null) {
            miniProgram.setSharedBy(tokenizer.openidToken(miniProgram.getSharedBy(), tokenized.getWechatAppid()));
        }
    }

    private DeadLettered deadLetter(Contract contract, byte[] payload, Rejection rejection, Instant receivedAt, long position) {
        String deadLetterId = UUID.nameUUIDFromBytes((batchId + "/" + position).getBytes(StandardCharsets.UTF_8)).toString();
        DeadLetter deadLetter = DeadLetter.newBuilder()
                .setDeadLetterId(deadLetterId)
                .setReasonCode(rejection.reasonCode().name())
                .setField(rejection.fieldPath())
                .setMessage(rejection.message())
                .setSource(contract.sourceName())
                .setStage(stage.label())
                .setEventId(rejection.eventId())
                .setReceivedAt(receivedAt)
                // rejected input was never tokenized: it leaves the edge sealed
                .setOriginalPayload(ByteBuffer.wrap(sealer.seal(deadLetterId, payload)))
                .setPayloadKeyId(sealer.keyId())
                .build();
        return new DeadLettered(contract, rejection, deadLetter);
    }
}
