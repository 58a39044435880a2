package org.opencdp.batch.identity;

import java.io.PrintWriter;
import java.util.List;

import org.apache.spark.sql.Row;

import static java.util.Objects.requireNonNull;

/** {@code stats}: members, identifiers, the member-size histogram, aliases, quarantined hubs and the last runs. */
public final class IdentityStats
{
    private final IdentityTables tables;

    public IdentityStats(IdentityTables tables)
    {
        this.tables = requireNonNull(tables, "tables is null");
    }

    public void print(PrintWriter out)
    {
        String graph = tables.name(IdentityTables.GRAPH);
        Row totals = tables.spark().sql("SELECT count(DISTINCT member_id), count(*) FROM " + graph + " WHERE valid_to IS NULL").first();
        out.printf("members       %,d%n", totals.getLong(0));
        out.printf("identifiers   %,d%n", totals.getLong(1));
        out.printf("aliases       %,d%n", tables.spark().table(tables.name(IdentityTables.ALIASES)).count());
        out.printf("conflicts     %,d%n", tables.spark().table(tables.name(IdentityTables.CONFLICTS)).count());
        out.printf("marks         %,d%n", tables.spark().table(tables.name(IdentityTables.MARKS)).count());
        out.println("member size histogram (identifiers per member: members)");
        List<Row> histogram = tables.spark().sql("""
                SELECT bucket, count(*) FROM (
                  SELECT CASE WHEN n = 1 THEN '1' WHEN n = 2 THEN '2' WHEN n <= 5 THEN '3-5' WHEN n <= 10 THEN '6-10'
                              WHEN n <= 20 THEN '11-20' WHEN n <= 50 THEN '21-50' ELSE '>50' END AS bucket,
                         CASE WHEN n = 1 THEN 1 WHEN n = 2 THEN 2 WHEN n <= 5 THEN 3 WHEN n <= 10 THEN 6 WHEN n <= 20 THEN 11 WHEN n <= 50 THEN 21 ELSE 51 END AS low
                  FROM (SELECT member_id, count(*) AS n FROM %s WHERE valid_to IS NULL GROUP BY member_id))
                GROUP BY bucket, low ORDER BY low
                """.formatted(graph)).collectAsList();
        histogram.forEach(row -> out.printf("  %-6s %,d%n", row.getString(0), row.getLong(1)));
        String quarantine = tables.name(IdentityTables.QUARANTINE);
        out.printf("quarantined hubs %,d%n", tables.spark().table(quarantine).count());
        tables.spark().sql("SELECT identifier_type, token, neighbour_type, distinct_neighbours, threshold FROM " + quarantine
                        + " ORDER BY distinct_neighbours DESC, identifier_type, token LIMIT 10").collectAsList()
                .forEach(row -> out.printf("  %s:%s %d distinct %s neighbours (threshold %d)%n", row.getString(0), row.getString(1), row.getInt(3), row.getString(2), row.getInt(4)));
        out.println("last runs");
        tables.spark().sql("SELECT run_id, mode, started_at, finished_at, links_snapshot_id, region_identifiers, members_created, members_aliased "
                        + "FROM " + tables.name(IdentityTables.RUNS) + " ORDER BY finished_at DESC LIMIT 5").collectAsList()
                .forEach(row -> out.printf("  %s %s %s..%s snapshot %s, %,d identifiers recomputed, %d created, %d aliased%n", row.getString(0), row.getString(1),
                        row.getTimestamp(2).toInstant(), row.getTimestamp(3).toInstant(), row.isNullAt(4) ? "-" : row.get(4), row.getLong(5), row.getInt(6), row.getInt(7)));
        out.flush();
    }
}
