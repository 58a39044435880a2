package org.opencdp.ingestion.batch;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one load added to the lakehouse.
 *
 * @param batchId id of the batch, derived from the input files' checksums
 * @param acceptedByTable rows added per raw table, e.g. {@code raw.web_events -> 120}
 * @param rejectedByReason dead letters added per reason code
 * @param alreadyLoadedTables tables that already held this batch and were left untouched
 */
public record LoadReport(
        String batchId,
        SortedMap<String, Long> acceptedByTable,
        SortedMap<String, Long> rejectedByReason,
        List<String> alreadyLoadedTables) {
    public LoadReport {
        requireNonNull(batchId, "batchId is null");
        acceptedByTable = unmodifiable(requireNonNull(acceptedByTable, "acceptedByTable is null"));
        rejectedByReason = unmodifiable(requireNonNull(rejectedByReason, "rejectedByReason is null"));
        alreadyLoadedTables = List.copyOf(requireNonNull(alreadyLoadedTables, "alreadyLoadedTables is null"));
    }

    public long accepted() {
        return acceptedByTable.values().stream().mapToLong(Long::longValue).sum();
    }

    public long rejected() {
        return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** True when every table of the batch already held it, so this load added nothing. */
    public boolean alreadyLoaded() {
        return accepted() == 0 && rejected() == 0 && !alreadyLoadedTables.isEmpty();
    }

    private static SortedMap<String, Long> unmodifiable(Map<String, Long> counts) {
        return java.util.Collections.unmodifiableSortedMap(new TreeMap<>(counts));
    }
}
