package org.opencdp.ingestion.importer;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** What became of one file handed to {@link PosKafkaImport}: imported now, or skipped as imported before. */
public sealed interface ImportRun permits ImportRun.Imported, ImportRun.Skipped {
    Path file();

    record Imported(Path file, ImportResult result) implements ImportRun {
        public Imported {
            requireNonNull(file, "file is null");
            requireNonNull(result, "result is null");
        }
    }

    record Skipped(Path file, ImportLedger.Entry previous) implements ImportRun {
        public Skipped {
            requireNonNull(file, "file is null");
            requireNonNull(previous, "previous is null");
        }
    }
}
