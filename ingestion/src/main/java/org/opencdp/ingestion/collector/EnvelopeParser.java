package org.opencdp.ingestion.collector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.opencdp.schemas.contract.Contract;

/**
 * Splits a request body {@code {"source": "web", "sent_at": ..., "events": [ {...}, ... ]}} into the bytes of each
 * event without decoding them: every event is validated on its own by the edge pipeline, so one bad event is
 * rejected alone (and dead-lettered with its exact bytes) while the others are accepted. Only a body that is not
 * such an envelope is refused as a whole (400), as is one with too many events (413). Thread-safe.
 */
final class EnvelopeParser {
    static final String SOURCE = "source";
    static final String SENT_AT = "sent_at";
    static final String EVENTS = "events";
    /** Envelope and array levels above an event, plus the event's own limit: deeper input is hostile. */
    private static final int MAX_DEPTH = 64;

    private final JsonFactory factory;
    private final int maxEvents;

    EnvelopeParser(int maxEvents, int maxBodyBytes) {
        this.maxEvents = maxEvents;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(maxBodyBytes)
                        .maxNameLength(1024)
                        .maxNumberLength(64)
                        .maxDocumentLength(maxBodyBytes)
                        .build())
                .build();
    }

    BatchEnvelope parse(byte[] body) {
        try (JsonParser parser = factory.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw missingEnvelope();
            }
            String source = null;
            byte[] sentAt = null;
            List<Slice> slices = null;
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case SOURCE -> {
                        if (source != null) {
                            throw CollectorRejection.badRequest("MALFORMED_BODY", "'source' appears twice");
                        }
                        if (value != JsonToken.VALUE_STRING) {
                            throw CollectorRejection.badRequest("INVALID_SOURCE", "'source' must be a string such as \"web\"");
                        }
                        source = parser.getText();
                    }
                    case SENT_AT -> {
                        if (sentAt != null) {
                            throw CollectorRejection.badRequest("MALFORMED_BODY", "'sent_at' appears twice");
                        }
                        sentAt = sentAt(parser, value);
                    }
                    case EVENTS -> {
                        if (slices != null) {
                            throw CollectorRejection.badRequest("MALFORMED_BODY", "'events' appears twice");
                        }
                        if (value != JsonToken.START_ARRAY) {
                            throw CollectorRejection.badRequest("MISSING_ENVELOPE", "'events' must be an array of event objects");
                        }
                        slices = events(parser);
                    }
                    // newer clients may send more envelope fields
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw CollectorRejection.badRequest("MALFORMED_BODY", "The body holds data after the envelope object");
            }
            if (source == null || slices == null) {
                throw missingEnvelope();
            }
            Contract contract = contract(source);
            if (slices.isEmpty()) {
                throw CollectorRejection.badRequest("EMPTY_BATCH", "'events' is empty");
            }
            List<byte[]> events = new ArrayList<>(slices.size());
            for (Slice slice : slices) {
                events.add(slice.bytes(body, sentAt));
            }
            return new BatchEnvelope(contract, events);
        }
        catch (StreamConstraintsException e) {
            throw CollectorRejection.badRequest("MALFORMED_BODY", "The body exceeds a parsing limit: " + e.getOriginalMessage());
        }
        catch (JsonProcessingException e) {
            throw CollectorRejection.badRequest("MALFORMED_BODY", "The body is not valid JSON: " + e.getOriginalMessage());
        }
        catch (IOException e) {
            throw CollectorRejection.badRequest("MALFORMED_BODY", "The body is not valid JSON: " + e.getMessage());
        }
    }

    private static CollectorRejection missingEnvelope() {
        return CollectorRejection.badRequest("MISSING_ENVELOPE",
                "The body must be a JSON object {\"source\": \"web|app|mini_program|pos|consent\", \"sent_at\": ..., \"events\": [...]}");
    }

    private static Contract contract(String source) {
        Optional<Contract> contract = Contract.bySourceName(source).filter(Contract::isEvent);
        if (contract.isEmpty()) {
            String shown = source.length() > 40 ? source.substring(0, 40) + "..." : source;
            throw CollectorRejection.badRequest("INVALID_SOURCE", "Unknown source '%s'; expected one of %s"
                    .formatted(shown, Contract.events().stream().map(Contract::sourceName).toList()));
        }
        return contract.get();
    }

    /** The JSON text of the envelope's {@code sent_at}, as it will be added to events. */
    private static byte[] sentAt(JsonParser parser, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> parser.getText().getBytes(StandardCharsets.US_ASCII);
            case VALUE_STRING -> {
                String text = parser.getText();
                if (text.length() > 64) {
                    throw CollectorRejection.badRequest("INVALID_SENT_AT", "'sent_at' is too long for a timestamp");
                }
                yield ("\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"").getBytes(StandardCharsets.UTF_8);
            }
            default -> throw CollectorRejection.badRequest("INVALID_SENT_AT",
                    "'sent_at' must be an ISO-8601 timestamp with offset or epoch milliseconds");
        };
    }

    private List<Slice> events(JsonParser parser) throws IOException {
        List<Slice> slices = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token == null) {
                throw CollectorRejection.badRequest("MALFORMED_BODY", "The body ends inside 'events'");
            }
            if (slices.size() == maxEvents) {
                throw CollectorRejection.tooLarge("TOO_MANY_EVENTS", "A batch may hold at most %d events".formatted(maxEvents));
            }
            int start = (int) parser.currentTokenLocation().getByteOffset();
            int end;
            int fields = 0;
            boolean hasSentAt = false;
            if (token == JsonToken.START_OBJECT) {
                for (JsonToken field = parser.nextToken(); field == JsonToken.FIELD_NAME; field = parser.nextToken()) {
                    fields++;
                    hasSentAt |= SENT_AT.equals(parser.currentName());
                    parser.nextToken();
                    parser.skipChildren();
                }
                end = (int) parser.currentTokenLocation().getByteOffset() + 1;
            }
            else if (token == JsonToken.START_ARRAY) {
                parser.skipChildren();
                end = (int) parser.currentTokenLocation().getByteOffset() + 1;
            }
            else {
                // a scalar where an event belongs: passed on as it is, so it is rejected and dead-lettered like any bad event
                parser.finishToken();
                end = (int) parser.currentLocation().getByteOffset();
            }
            slices.add(new Slice(start, end, token == JsonToken.START_OBJECT, fields, hasSentAt));
        }
        return slices;
    }

    private record Slice(int start, int end, boolean object, int fields, boolean hasSentAt) {
        byte[] bytes(byte[] body, byte[] sentAt) {
            if (!object || hasSentAt || sentAt == null) {
                return java.util.Arrays.copyOfRange(body, start, end);
            }
            // {"sent_at":<envelope value>, ...the event's own fields}
            byte[] prefix = ("{\"" + SENT_AT + "\":").getBytes(StandardCharsets.US_ASCII);
            int restLength = end - start - 1;
            byte[] out = new byte[prefix.length + sentAt.length + (fields > 0 ? 1 : 0) + restLength];
            int at = 0;
            System.arraycopy(prefix, 0, out, at, prefix.length);
            at += prefix.length;
            System.arraycopy(sentAt, 0, out, at, sentAt.length);
            at += sentAt.length;
            if (fields > 0) {
                out[at++] = ',';
            }
            System.arraycopy(body, start + 1, out, at, restLength);
            return out;
        }
    }
}
