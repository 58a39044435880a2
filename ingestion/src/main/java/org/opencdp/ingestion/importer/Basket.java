package org.opencdp.ingestion.importer;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The lines of one basket, in file order. */
public record Basket(String basketId, List<SourceLine> lines) {
    public Basket {
        requireNonNull(basketId, "basketId is null");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("Basket %s has no lines".formatted(basketId));
        }
    }

    public long firstLine() {
        return lines.get(0).lineNumber();
    }
}
