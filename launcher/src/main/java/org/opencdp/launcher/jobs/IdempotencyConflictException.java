package org.opencdp.launcher.jobs;

/** An idempotency key reused for a different job (answered 409). */
public final class IdempotencyConflictException extends RuntimeException {
    public IdempotencyConflictException(String message) {
        super(message);
    }
}
