package org.opencdp.infra.trino;

import java.io.PrintWriter;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A query result printed as an aligned text table, like the Trino CLI's default output. */
public final class ResultTable {
    private ResultTable() {}

    /** Prints every row of {@code result}; returns the number of rows. */
    public static long print(ResultSet result, PrintWriter out) throws SQLException {
        ResultSetMetaData metadata = result.getMetaData();
        int columns = metadata.getColumnCount();
        String[] header = new String[columns];
        int[] widths = new int[columns];
        for (int i = 0; i < columns; i++) {
            header[i] = metadata.getColumnLabel(i + 1);
            widths[i] = header[i].length();
        }
        List<String[]> rows = new ArrayList<>();
        while (result.next()) {
            String[] row = new String[columns];
            for (int i = 0; i < columns; i++) {
                Object value = result.getObject(i + 1);
                row[i] = value == null ? "NULL" : value instanceof byte[] bytes ? hex(bytes) : String.valueOf(value);
                widths[i] = Math.max(widths[i], row[i].length());
            }
            rows.add(row);
        }
        out.println(line(header, widths, " | "));
        String[] rule = new String[columns];
        for (int i = 0; i < columns; i++) {
            rule[i] = "-".repeat(widths[i]);
        }
        out.println(line(rule, widths, "-+-"));
        for (String[] row : rows) {
            out.println(line(row, widths, " | "));
        }
        out.printf("(%d row%s)%n", rows.size(), rows.size() == 1 ? "" : "s");
        out.flush();
        return rows.size();
    }

    private static String line(String[] cells, int[] widths, String separator) {
        String[] padded = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            padded[i] = cells[i] + " ".repeat(widths[i] - cells[i].length());
        }
        return String.join(separator, Arrays.asList(padded)).stripTrailing();
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder("X'");
        for (byte b : bytes) {
            text.append(String.format("%02x", b));
        }
        return text.append('\'').toString();
    }
}
