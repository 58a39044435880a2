package org.opencdp.identity.ids;

import org.opencdp.identity.edge.IdentifierKey;

/**
 * Makes the id of a new member from its oldest identifier. Must be a pure function, so a full and an incremental
 * run issue the same ids; {@code attempt} counts up when an earlier attempt's id was already issued (the same
 * identifier founded a member before, e.g. before a split).
 */
@FunctionalInterface
public interface MemberIdGenerator {
    String newId(IdentifierKey seed, int attempt);
}
