package org.opencdp.identity.edge;

import static java.util.Objects.requireNonNull;

import org.opencdp.schemas.avro.IdentifierType;

/**
 * A node of the identity graph: a typed, opaque identifier token. Ordered by type name, then token, which for
 * the project's tokens (ASCII) is also the order of the canonical string {@code TYPE:token}, so an engine can
 * compute the same minimum with a plain string comparison of {@code concat(type, ':', token)}.
 */
public record IdentifierKey(IdentifierType type, String token) implements Comparable<IdentifierKey> {
    public IdentifierKey {
        requireNonNull(type, "type is null");
        requireNonNull(token, "token is null");
    }

    public static IdentifierKey of(IdentifierType type, String token) {
        return new IdentifierKey(type, token);
    }

    /** Parses the canonical form {@code TYPE:token} written by {@link #toString()}. */
    public static IdentifierKey parse(String canonical) {
        requireNonNull(canonical, "canonical is null");
        int colon = canonical.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("identifier '%s' is not of the form TYPE:token".formatted(canonical));
        }
        String typeName = canonical.substring(0, colon);
        IdentifierType type;
        try {
            type = IdentifierType.valueOf(typeName);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("identifier '%s' has unknown type '%s'".formatted(canonical, typeName), e);
        }
        return new IdentifierKey(type, canonical.substring(colon + 1));
    }

    @Override
    public int compareTo(IdentifierKey other) {
        int byType = type.name().compareTo(other.type.name());
        return byType != 0 ? byType : token.compareTo(other.token);
    }

    public static IdentifierKey min(IdentifierKey a, IdentifierKey b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public String toString() {
        return type.name() + ":" + token;
    }
}
