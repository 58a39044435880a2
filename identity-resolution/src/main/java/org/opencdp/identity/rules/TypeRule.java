package org.opencdp.identity.rules;

import static java.util.Objects.requireNonNull;

import org.opencdp.schemas.avro.IdentifierType;

/**
 * The rule for one identifier type.
 *
 * @param priority lower is stronger; orders edges for limit-aware clustering and breaks ties between members
 * @param limit most distinct values of this type one member may hold; 0 means no limit
 * @param verifiable observations of this type carry a verified flag, and unverified ones rank lower
 * @param recyclable values are re-issued to other people over time (phone numbers): a verified observation
 *        after a long silence takes the value over from its earlier owner
 */
public record TypeRule(IdentifierType type, Strength strength, int priority, int limit, boolean verifiable, boolean recyclable) {
    public TypeRule {
        requireNonNull(type, "type is null");
        requireNonNull(strength, "strength is null");
        if (priority < 0) {
            throw new InvalidRulesException("priority of %s must be >= 0, got %s".formatted(type, priority));
        }
        if (limit < 0) {
            throw new InvalidRulesException("limit of %s must be >= 0 (0 = unlimited), got %s".formatted(type, limit));
        }
        if (limit > 0 && strength != Strength.STRONG) {
            throw new InvalidRulesException("limit of %s only applies to STRONG types, but %s is %s".formatted(type, type, strength));
        }
    }

    public boolean limited() {
        return limit > 0;
    }
}
