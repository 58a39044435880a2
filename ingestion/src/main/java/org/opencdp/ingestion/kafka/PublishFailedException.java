package org.opencdp.ingestion.kafka;

/**
 * Kafka did not acknowledge some published records. They are not stored: the caller must not acknowledge the
 * input they came from, and should publish it again (the idempotent producer and the downstream de-duplication by
 * event id make a retry safe).
 */
public final class PublishFailedException extends RuntimeException {
    private final int failedRecords;

    PublishFailedException(String message, int failedRecords, Throwable firstCause) {
        super(message, firstCause);
        this.failedRecords = failedRecords;
    }

    /** How many records failed since the previous check. */
    public int failedRecords() {
        return failedRecords;
    }
}
