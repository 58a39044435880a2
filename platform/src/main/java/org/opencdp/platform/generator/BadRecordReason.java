package org.opencdp.platform.generator;

/**
 * Why a generated line is bad on purpose; ingestion is expected to reject (or, for duplicates, drop) it
 * for this reason.
 */
public enum BadRecordReason
{
    /** The line is not a JSON object (truncated, or a key lost its opening quote). */
    MALFORMED_JSON,
    /** A field the Avro contract requires (no default) is absent. */
    MISSING_FIELD,
    /** A field holds a JSON value of the wrong type, e.g. {@code identifiers} as a string. */
    WRONG_TYPE,
    /** {@code event_time} lies at least 30 days after both {@code sent_at} and the end of the generated period. */
    FUTURE_TIMESTAMP,
    /** A byte-identical re-send of an earlier line of the same file (same {@code event_id}). */
    DUPLICATE_EVENT,
}
