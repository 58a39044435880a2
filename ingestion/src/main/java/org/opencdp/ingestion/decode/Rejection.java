package org.opencdp.ingestion.decode;

import static java.util.Objects.requireNonNull;

/**
 * Why a payload was rejected.
 *
 * @param reasonCode kind of rejection
 * @param fieldPath path of the offending field such as {@code identifiers.phone} or {@code items[2].sku}; null when
 *                  the payload as a whole is at fault
 * @param message explanation a producer can act on
 * @param eventId the event id when it could be read from the payload, else null
 */
public record Rejection(ReasonCode reasonCode, String fieldPath, String message, String eventId) implements DecodeResult {
    public Rejection {
        requireNonNull(reasonCode, "reasonCode is null");
        requireNonNull(message, "message is null");
    }

    public Rejection(ReasonCode reasonCode, String fieldPath, String message) {
        this(reasonCode, fieldPath, message, null);
    }

    public Rejection withEventId(String eventId) {
        return new Rejection(reasonCode, fieldPath, message, eventId);
    }
}
