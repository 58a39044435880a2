package org.opencdp.ingestion.decode;

import static java.util.Objects.requireNonNull;

import org.apache.avro.specific.SpecificRecord;

/** A payload that conforms to its contract, as the contract's generated Avro class. */
public record Decoded(SpecificRecord record) implements DecodeResult {
    public Decoded {
        requireNonNull(record, "record is null");
    }
}
