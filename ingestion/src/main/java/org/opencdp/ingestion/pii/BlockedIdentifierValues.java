package org.opencdp.ingestion.pii;

import org.opencdp.schemas.avro.IdentifierType;

/**
 * Clear identifier values that identify nobody (placeholder phones typed by cashiers, SDK defaults such as
 * {@code null} or an all-zero advertising id). They must be caught before tokenization, because a keyed token
 * no longer shows what it hides; the edge then leaves the identifier out of the event. The identity rules provide
 * the list ({@code IdentityRules.blockedValues()::isBlocked}).
 */
@FunctionalInterface
public interface BlockedIdentifierValues {
    BlockedIdentifierValues NONE = (type, normalisedValue) -> false;

    /** True when the value, normalised the way it is tokenized (11-digit phone, lower-case e-mail), must be dropped. */
    boolean isBlocked(IdentifierType type, String normalisedValue);
}
