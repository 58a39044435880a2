package org.opencdp.ingestion.importer;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Layout of an end-of-day POS file: one line item per CSV record or per JSON object line. */
public enum PosFileFormat {
    CSV,
    JSONL;

    public static PosFileFormat fromName(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown POS file format '%s': use csv or jsonl".formatted(name), e);
        }
    }

    /** The format a file name suggests ({@code .csv}, {@code .jsonl}, {@code .ndjson}), if any. */
    public static Optional<PosFileFormat> fromFileName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return Optional.of(JSONL);
        }
        return Optional.empty();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
