package org.opencdp.ingestion.edge;

import static java.util.Objects.requireNonNull;

import org.opencdp.schemas.avro.IdentifierType;

/**
 * A contact point (phone or e-mail) of an accepted event, in normalised clear form beside the token that replaced
 * it in the event. Handed to the {@link ContactSink} of a batch so marketing delivery can later reach the person
 * through the contact vault; it never travels with the event.
 */
public record ClearContact(IdentifierType type, String token, String value) {
    public ClearContact {
        requireNonNull(type, "type is null");
        requireNonNull(token, "token is null");
        requireNonNull(value, "value is null");
        if (type != IdentifierType.PHONE && type != IdentifierType.EMAIL) {
            throw new IllegalArgumentException("Only phone and e-mail are contact points, not " + type);
        }
    }

    @Override
    public String toString() {
        // the clear value is personal data: never in logs
        return "ClearContact[type=" + type + ", token=" + token + "]";
    }
}
