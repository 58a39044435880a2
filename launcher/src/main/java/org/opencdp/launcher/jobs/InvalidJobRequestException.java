package org.opencdp.launcher.jobs;

/** A job request the server refuses (answered 400); the message says what to change. */
public final class InvalidJobRequestException extends RuntimeException {
    public InvalidJobRequestException(String message) {
        super(message);
    }
}
