package org.opencdp.identity.cluster;

/** Why an identifier belongs to no member. */
public enum Exclusion {
    /** Its type is configured IGNORED. */
    IGNORED_TYPE,
    /** Its token is a configured blocked token. */
    BLOCKED,
    /** An operator marked it bad. */
    MARKED_BAD,
    /** It links too many distinct identifiers of one type (see {@link Quarantine}). */
    HUB,
}
