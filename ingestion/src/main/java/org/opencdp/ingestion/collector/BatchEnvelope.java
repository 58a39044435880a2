package org.opencdp.ingestion.collector;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.opencdp.schemas.contract.Contract;

/**
 * One parsed request: the source (which selects the event contract and topic) and the bytes of each event, exactly
 * as sent, except that the envelope's {@code sent_at} is added to events that carry none.
 */
record BatchEnvelope(Contract source, List<byte[]> events) {
    BatchEnvelope {
        requireNonNull(source, "source is null");
        events = List.copyOf(requireNonNull(events, "events is null"));
    }
}
