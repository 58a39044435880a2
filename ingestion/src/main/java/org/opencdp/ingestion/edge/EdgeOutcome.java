package org.opencdp.ingestion.edge;

/** What became of one payload: {@link Accepted} for the raw table or topic, or {@link DeadLettered}. */
public sealed interface EdgeOutcome permits Accepted, DeadLettered {
}
