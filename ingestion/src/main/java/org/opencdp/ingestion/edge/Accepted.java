package org.opencdp.ingestion.edge;

import static java.util.Objects.requireNonNull;

import org.apache.avro.specific.SpecificRecord;
import org.opencdp.schemas.contract.Contract;

/** A valid event with server times set and every identifier tokenized. */
public record Accepted(Contract contract, SpecificRecord record) implements EdgeOutcome {
    public Accepted {
        requireNonNull(contract, "contract is null");
        requireNonNull(record, "record is null");
    }
}
