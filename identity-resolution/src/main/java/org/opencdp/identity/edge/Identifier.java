package org.opencdp.identity.edge;

import static java.util.Objects.requireNonNull;

import org.opencdp.schemas.avro.IdentifierType;

/**
 * One end of an observed edge: the identifier and whether it was verified in that observation (a phone
 * confirmed by SMS code or by WeChat). Verification belongs to the observation, not to the identifier.
 */
public record Identifier(IdentifierKey key, boolean verified) {
    public Identifier {
        requireNonNull(key, "key is null");
    }

    public static Identifier of(IdentifierType type, String token) {
        return new Identifier(IdentifierKey.of(type, token), false);
    }

    public static Identifier verified(IdentifierType type, String token) {
        return new Identifier(IdentifierKey.of(type, token), true);
    }

    public IdentifierType type() {
        return key.type();
    }

    public String token() {
        return key.token();
    }

    @Override
    public String toString() {
        return verified ? key + "(verified)" : key.toString();
    }
}
