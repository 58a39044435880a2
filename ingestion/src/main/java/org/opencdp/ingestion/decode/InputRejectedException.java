package org.opencdp.ingestion.decode;

import static java.util.Objects.requireNonNull;

/**
 * Unwinds the schema walk at the first problem. Bad input is expected and frequent, so no stack trace is
 * captured; the exception never leaves this package.
 */
final class InputRejectedException extends RuntimeException {
    private final transient Rejection rejection;

    InputRejectedException(ReasonCode reasonCode, FieldPath path, String message) {
        super(message, null, false, false);
        this.rejection = new Rejection(requireNonNull(reasonCode, "reasonCode is null"), path == null ? null : path.toString(), message);
    }

    Rejection rejection() {
        return rejection;
    }
}
