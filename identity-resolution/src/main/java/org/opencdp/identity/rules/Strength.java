package org.opencdp.identity.rules;

/** What an identifier type may do in the graph. */
public enum Strength {
    /** Identifies a person: an edge between two strong identifiers can merge members. */
    STRONG,
    /** Identifies a device, browser or card token: attaches to one member, never merges two. */
    WEAK,
    /** Not used for identity at all; edges touching it are dropped. */
    IGNORED,
}
