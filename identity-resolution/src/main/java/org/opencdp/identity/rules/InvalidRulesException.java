package org.opencdp.identity.rules;

/** Identity rules that cannot be used as written; the message names the key and the bad value. */
public class InvalidRulesException extends IllegalArgumentException {
    public InvalidRulesException(String message) {
        super(message);
    }

    public InvalidRulesException(String message, Throwable cause) {
        super(message, cause);
    }
}
