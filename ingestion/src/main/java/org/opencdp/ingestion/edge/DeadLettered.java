package org.opencdp.ingestion.edge;

import static java.util.Objects.requireNonNull;

import org.opencdp.ingestion.decode.Rejection;
import org.opencdp.schemas.avro.DeadLetter;
import org.opencdp.schemas.contract.Contract;

/** A rejected payload, kept with its reason and its exact original bytes so it can be fixed and replayed. */
public record DeadLettered(Contract contract, Rejection rejection, DeadLetter deadLetter) implements EdgeOutcome {
    public DeadLettered {
        requireNonNull(contract, "contract is null");
        requireNonNull(rejection, "rejection is null");
        requireNonNull(deadLetter, "deadLetter is null");
    }
}
