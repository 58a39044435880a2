package org.opencdp.ingestion.importer;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;

/**
 * What importing one file produced.
 *
 * @param sha256 checksum of the file's bytes (hex), the import's identity
 * @param lines records read (the header not counted)
 * @param basketsAccepted transactions accepted by the edge pipeline
 * @param linesAccepted lines of the accepted transactions
 * @param deadLetters dead letters written: one per rejected basket, plus one per line without a basket
 * @param linesRejected lines in those dead letters
 * @param deadLettersByReason dead letters per reason code
 * @param acceptedTotalsMinor sum of {@code total_minor} of accepted transactions, per currency
 */
public record ImportResult(
        String fileName,
        String sha256,
        String mapping,
        PosFileFormat format,
        long lines,
        long basketsAccepted,
        long linesAccepted,
        long deadLetters,
        long linesRejected,
        Map<String, Long> deadLettersByReason,
        Map<String, Long> acceptedTotalsMinor) {
    public ImportResult {
        requireNonNull(fileName, "fileName is null");
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(mapping, "mapping is null");
        requireNonNull(format, "format is null");
        deadLettersByReason = Map.copyOf(new TreeMap<>(deadLettersByReason));
        acceptedTotalsMinor = Map.copyOf(new TreeMap<>(acceptedTotalsMinor));
    }
}
