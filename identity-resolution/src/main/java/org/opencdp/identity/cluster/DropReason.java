package org.opencdp.identity.cluster;

/** Why an observed edge links nothing. */
public enum DropReason {
    /** Both ends are the same identifier. */
    SELF_LINK,
    /** An operator marked the edge bad. */
    MARKED_BAD_EDGE,
    /** One end is an identifier an operator marked bad. */
    MARKED_BAD_IDENTIFIER,
    /** One end is a blocked token. */
    BLOCKED,
    /** One end has an IGNORED type. */
    IGNORED_TYPE,
    /** One end is a quarantined hub. */
    HUB_QUARANTINE,
    /** One end is a recycled identifier and the edge predates its takeover by a new owner. */
    RECYCLED_SUPERSEDED,
}
