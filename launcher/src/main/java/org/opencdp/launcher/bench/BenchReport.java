package org.opencdp.launcher.bench;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * The result of one benchmark run: a table of figures, measured in the same run as a peer, plus the
 * command and machine it ran on, rendered as plain text for the terminal and as markdown for
 * {@code docs/benchmarks.md}.
 */
public record BenchReport(String title, String command, String environment, List<String> columns, List<List<String>> rows, List<String> notes) {
    public BenchReport {
        requireNonNull(title, "title is null");
        requireNonNull(command, "command is null");
        requireNonNull(environment, "environment is null");
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        notes = List.copyOf(notes);
        for (List<String> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("Row %s has %d cells, expected %d".formatted(row, row.size(), columns.size()));
            }
        }
    }

    public String toMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append("### ").append(title).append("\n\n");
        out.append("Command: `").append(command).append("`  \n");
        out.append("Machine: ").append(environment).append("\n\n");
        out.append("| ").append(String.join(" | ", columns)).append(" |\n");
        out.append("|").append("---|".repeat(columns.size())).append("\n");
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        if (!notes.isEmpty()) {
            out.append("\n");
            notes.forEach(note -> out.append("- ").append(note).append("\n"));
        }
        return out.toString();
    }

    public String toText() {
        int[] widths = new int[columns.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(columns);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder(title).append("\n");
        for (int r = 0; r < all.size(); r++) {
            List<String> row = all.get(r);
            for (int i = 0; i < row.size(); i++) {
                out.append(i == 0 ? "" : "  ").append(pad(row.get(i), widths[i], i > 0));
            }
            out.append("\n");
            if (r == 0) {
                for (int i = 0; i < widths.length; i++) {
                    out.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
                }
                out.append("\n");
            }
        }
        notes.forEach(note -> out.append("* ").append(note).append("\n"));
        return out.toString();
    }

    private static String pad(String value, int width, boolean right) {
        String padding = " ".repeat(width - value.length());
        return right ? padding + value : value + padding;
    }
}
