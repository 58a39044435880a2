package org.opencdp.ingestion.collector;

/**
 * What became of one event of a batch, in the order sent: {@code accepted}, or {@code rejected} with the reason
 * code, the offending field (when known) and a message.
 */
public record EventResult(int index, String eventId, boolean accepted, String reason, String field, String message) {
    static EventResult accepted(int index, String eventId) {
        return new EventResult(index, eventId, true, null, null, null);
    }
}
