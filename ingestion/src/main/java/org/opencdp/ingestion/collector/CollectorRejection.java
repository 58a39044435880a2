package org.opencdp.ingestion.collector;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;

/**
 * A request the collector answers with an error status: the status, a stable machine-readable code and a message
 * for the developer of the sending client. Carries no personal data (never the body).
 */
public final class CollectorRejection extends RuntimeException {
    private final int status;
    private final String code;
    private final OptionalLong retryAfterSeconds;

    CollectorRejection(int status, String code, String message) {
        this(status, code, message, OptionalLong.empty(), null);
    }

    CollectorRejection(int status, String code, String message, OptionalLong retryAfterSeconds, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause, false, false);
        this.status = status;
        this.code = requireNonNull(code, "code is null");
        this.retryAfterSeconds = requireNonNull(retryAfterSeconds, "retryAfterSeconds is null");
    }

    static CollectorRejection badRequest(String code, String message) {
        return new CollectorRejection(400, code, message);
    }

    static CollectorRejection tooLarge(String code, String message) {
        return new CollectorRejection(413, code, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Seconds the client should wait before retrying (429, 503). */
    public OptionalLong retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
