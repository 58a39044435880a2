package org.opencdp.platform.config;

/** A configuration value is missing, unknown or malformed; the message names the key and where it was set. */
public final class InvalidConfigException extends IllegalArgumentException {
    public InvalidConfigException(String message) {
        super(message);
    }

    public InvalidConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
