package org.opencdp.ingestion.kafka;

/** A consumed record that is not a single-object encoded record of a known contract and schema. */
public final class UndecodableRecordException extends RuntimeException {
    UndecodableRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
