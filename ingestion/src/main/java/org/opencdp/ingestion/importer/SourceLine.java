package org.opencdp.ingestion.importer;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.opencdp.ingestion.decode.ReasonCode;

/**
 * One record of an end-of-day file: its values by column name (blank values are absent), its exact text as it
 * stood in the file (the payload of a dead letter), and the 1-based line of the file where it starts.
 *
 * @param malformed why the record cannot be read (wrong column count, not a JSON object), or null
 */
public record SourceLine(long lineNumber, String rawText, Map<String, String> values, Malformed malformed) {
    /** A record that cannot be read at all; its basket (if it names one) is rejected with this reason. */
    public record Malformed(ReasonCode reason, String message) {
        public Malformed {
            requireNonNull(reason, "reason is null");
            requireNonNull(message, "message is null");
        }
    }

    public SourceLine {
        requireNonNull(rawText, "rawText is null");
        values = Map.copyOf(requireNonNull(values, "values is null"));
        if (lineNumber < 1) {
            throw new IllegalArgumentException("lineNumber must be positive: " + lineNumber);
        }
    }

    /** The value of a column, or null when the column is absent or blank. */
    public String value(String column) {
        return column == null ? null : values.get(column);
    }
}
