package org.opencdp.ingestion.decode;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.opencdp.schemas.contract.Envelope;

/**
 * Puts the server's view of time on an event envelope. Device clocks are often wrong by minutes or days, but
 * the gap between when an event happened and when its batch was sent is measured on the same (wrong) clock, so
 * {@code event_time = received_at - (sent_at - event_time)} places the event on the server's clock. The
 * client's original value is kept in {@code client_event_time} when it changes.
 */
public final class EventTimeCorrector {
    private final Duration futureTolerance;

    public EventTimeCorrector(Duration futureTolerance) {
        this.futureTolerance = requireNonNull(futureTolerance, "futureTolerance is null");
        if (futureTolerance.isNegative()) {
            throw new IllegalArgumentException("futureTolerance must not be negative: " + futureTolerance);
        }
    }

    /**
     * Sets {@code received_at}, corrects {@code event_time} when {@code sent_at} is present, and rejects an event
     * whose (corrected) time lies more than the tolerance after {@code receivedAt}. Mutates {@code event}.
     */
    public Optional<Rejection> apply(IndexedRecord event, Instant receivedAt) {
        requireNonNull(event, "event is null");
        requireNonNull(receivedAt, "receivedAt is null");
        Schema schema = event.getSchema();
        Instant received = receivedAt.truncatedTo(ChronoUnit.MILLIS);
        int eventTimePos = position(schema, Envelope.EVENT_TIME);
        Instant clientEventTime = (Instant) event.get(eventTimePos);
        Instant sentAt = (Instant) event.get(position(schema, Envelope.SENT_AT));

        event.put(position(schema, Envelope.RECEIVED_AT), received);
        // only the server may claim a correction happened
        event.put(position(schema, Envelope.CLIENT_EVENT_TIME), null);

        Instant eventTime = clientEventTime;
        if (sentAt != null) {
            eventTime = received.minus(Duration.between(clientEventTime, sentAt));
            if (!eventTime.equals(clientEventTime)) {
                event.put(eventTimePos, eventTime);
                event.put(position(schema, Envelope.CLIENT_EVENT_TIME), clientEventTime);
            }
        }
        if (eventTime.isAfter(received.plus(futureTolerance))) {
            String message = sentAt == null
                    ? "event_time %s is more than %s after the server time %s".formatted(eventTime, futureTolerance, received)
                    : "event_time %s (corrected by sent_at %s) is more than %s after the server time %s"
                            .formatted(clientEventTime, sentAt, futureTolerance, received);
            return Optional.of(new Rejection(ReasonCode.FUTURE_TIMESTAMP, Envelope.EVENT_TIME, message));
        }
        return Optional.empty();
    }

    private static int position(Schema schema, String field) {
        Schema.Field found = schema.getField(field);
        if (found == null) {
            throw new IllegalArgumentException("Schema %s has no envelope field %s".formatted(schema.getFullName(), field));
        }
        return found.pos();
    }
}
