package org.opencdp.ingestion.edge;

/** Receives the clear contact points of accepted events, before they are replaced by tokens. */
@FunctionalInterface
public interface ContactSink {
    ContactSink NONE = contact -> {};

    void accept(ClearContact contact);
}
