package org.opencdp.platform.lakehouse;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/** What {@link Lakehouse#init()} did: namespaces created, and per table whether it was created, evolved or left alone. */
public record InitReport(List<Namespace> createdNamespaces, List<TableResult> tables) {
    public InitReport {
        createdNamespaces = List.copyOf(requireNonNull(createdNamespaces, "createdNamespaces is null"));
        tables = List.copyOf(requireNonNull(tables, "tables is null"));
    }

    public enum Outcome {
        CREATED, EVOLVED, UNCHANGED
    }

    /**
     * The result for one table. {@code addedColumns} are full column names (a new struct is listed once, not
     * each of its fields); {@code updatedColumns} had their type widened, their doc changed or became optional;
     * {@code changedProperties} holds the new values.
     */
    public record TableResult(
            TableIdentifier identifier,
            Outcome outcome,
            List<String> addedColumns,
            List<String> updatedColumns,
            Map<String, String> changedProperties) {
        public TableResult {
            requireNonNull(identifier, "identifier is null");
            requireNonNull(outcome, "outcome is null");
            addedColumns = List.copyOf(requireNonNull(addedColumns, "addedColumns is null"));
            updatedColumns = List.copyOf(requireNonNull(updatedColumns, "updatedColumns is null"));
            changedProperties = Map.copyOf(requireNonNull(changedProperties, "changedProperties is null"));
        }

        static TableResult created(TableIdentifier identifier) {
            return new TableResult(identifier, Outcome.CREATED, List.of(), List.of(), Map.of());
        }

        static TableResult unchanged(TableIdentifier identifier) {
            return new TableResult(identifier, Outcome.UNCHANGED, List.of(), List.of(), Map.of());
        }
    }

    public TableResult table(TableIdentifier identifier) {
        return tables.stream()
                .filter(result -> result.identifier().equals(identifier))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Not in this report: " + identifier));
    }

    public boolean allUnchanged() {
        return tables.stream().allMatch(result -> result.outcome() == Outcome.UNCHANGED);
    }

    /** One line per table, for the command line. */
    public String format() {
        StringBuilder out = new StringBuilder();
        for (Namespace namespace : createdNamespaces) {
            out.append("created namespace ").append(namespace).append('\n');
        }
        for (TableResult result : tables) {
            out.append(String.format(Locale.ROOT, "%-28s %s", result.identifier(), result.outcome().name().toLowerCase(Locale.ROOT)));
            if (!result.addedColumns().isEmpty()) {
                out.append("; added columns ").append(String.join(", ", result.addedColumns()));
            }
            if (!result.updatedColumns().isEmpty()) {
                out.append("; updated columns ").append(String.join(", ", result.updatedColumns()));
            }
            if (!result.changedProperties().isEmpty()) {
                out.append("; set properties ").append(String.join(", ", result.changedProperties().keySet().stream().sorted().toList()));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
