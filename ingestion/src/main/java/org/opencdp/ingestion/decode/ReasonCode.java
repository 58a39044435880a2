package org.opencdp.ingestion.decode;

/**
 * Machine-readable reason an input record was rejected; stored as {@code reason_code} of a dead letter,
 * so operators can count, alert on and replay rejections by kind.
 */
public enum ReasonCode {
    /** Not a single JSON object, or not valid UTF-8. */
    MALFORMED_JSON,
    /** A field without default is absent or null. */
    MISSING_FIELD,
    /** A field has the wrong JSON type, e.g. a number where a string is expected. */
    WRONG_TYPE,
    /** A field has the right JSON type but a value outside its domain: unknown enum symbol, bad timestamp text, out of range. */
    INVALID_VALUE,
    /** The event time lies further in the future than the accepted tolerance, after clock-skew correction. */
    FUTURE_TIMESTAMP,
    /** The JSON nests deeper than the configured limit. */
    TOO_DEEP,
    /** The payload, a string or a number is longer than the configured limit. */
    OVERSIZED,
    /** The event id was already seen in the same batch. */
    DUPLICATE_EVENT
}
