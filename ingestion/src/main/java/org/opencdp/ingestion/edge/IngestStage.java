package org.opencdp.ingestion.edge;

import java.util.Locale;

/** Where a record entered the platform; recorded as the {@code stage} of its dead letter. */
public enum IngestStage {
    /** HTTP collector of the SDKs. */
    COLLECTOR,
    /** File and POS importers. */
    IMPORTER,
    /** Streaming jobs. */
    STREAM,
    /** Batch jobs. */
    BATCH;

    /** Lower-case name as stored in dead letters. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
