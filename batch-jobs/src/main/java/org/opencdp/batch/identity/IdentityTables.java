package org.opencdp.batch.identity;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.types.StructType;
import org.opencdp.identity.cluster.BadMarks;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.schemas.avro.IdentifierType;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

/**
 * Reads and writes of the identity tables through one Spark session: the links (whole, as of a snapshot, or
 * added between two snapshots), the marks, the last run, and MERGE INTO of staged rows.
 */
public final class IdentityTables
{
    public static final String LINKS = "identity.links";
    public static final String GRAPH = "identity.graph";
    public static final String MEMBERS = "identity.members";
    public static final String ALIASES = "identity.aliases";
    public static final String QUARANTINE = "identity.quarantine";
    public static final String CONFLICTS = "identity.conflicts";
    public static final String MARKS = "identity.marks";
    public static final String RUNS = "identity.runs";

    /** Driver-side lists of at most this many rows stay in the query plan ({@link #rows}). */
    static final int PLAN_ROWS = 10_000;

    private final SparkSession spark;
    private final String catalog;

    public IdentityTables(SparkSession spark, String catalog)
    {
        this.spark = requireNonNull(spark, "spark is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    public SparkSession spark()
    {
        return spark;
    }

    public String name(String table)
    {
        return catalog + "." + table;
    }

    /**
     * Empties every table a run writes (not the links and marks it reads), so that the next run starts from nothing
     * as the first one did: benchmarks and tests comparing two runs over the same links.
     */
    public void clearRunOutputs()
    {
        for (String table : List.of(GRAPH, MEMBERS, ALIASES, QUARANTINE, CONFLICTS, RUNS)) {
            spark.sql("DELETE FROM " + name(table));
        }
    }

    /** The current snapshot of the links table, after refreshing Spark's cached view of it; empty for an empty table. */
    public Optional<Long> linksSnapshot()
    {
        try {
            spark.sql("REFRESH TABLE " + name(LINKS));
        }
        catch (RuntimeException e) {
            throw cannotLoadLinks(e);
        }
        return currentSnapshot(linksTable());
    }

    /** The rows of the links table as of a snapshot, from the snapshot's summary. */
    public long linksRecords(long snapshotId)
    {
        return records(linksTable(), snapshotId);
    }

    /** The rows the links table gained from one snapshot to a later one, from their summaries (one metadata read). */
    public long linksAppended(long afterSnapshot, long toSnapshot)
    {
        Table links = linksTable();
        return records(links, toSnapshot) - records(links, afterSnapshot);
    }

    private static long records(Table table, long snapshotId)
    {
        return Long.parseLong(table.snapshot(snapshotId).summary().getOrDefault("total-records", "0"));
    }

    /** The current snapshot of {@code identity.graph}, its metadata read again; empty while it has none. */
    public Optional<Long> graphSnapshot()
    {
        return currentSnapshot(table(GRAPH));
    }

    private static Optional<Long> currentSnapshot(Table table)
    {
        Snapshot snapshot = table.currentSnapshot();
        return snapshot == null ? Optional.empty() : Optional.of(snapshot.snapshotId());
    }

    // the links' Iceberg table, its metadata read again
    private Table linksTable()
    {
        return table(LINKS);
    }

    private Table table(String table)
    {
        try {
            Table loaded = Spark3Util.loadIcebergTable(spark, name(table));
            loaded.refresh();
            return loaded;
        }
        catch (Exception e) {
            throw new IllegalStateException("cannot load " + name(table) + ": " + e.getMessage(), e);
        }
    }

    private IllegalStateException cannotLoadLinks(Exception e)
    {
        return new IllegalStateException("cannot load " + name(LINKS) + ": " + e.getMessage(), e);
    }

    /** Every link as of a snapshot. */
    public Dataset<EdgeRow> links(long snapshotId)
    {
        return select(spark.read().option("versionAsOf", snapshotId).table(name(LINKS)));
    }

    /**
     * Links appended after {@code afterSnapshot} up to {@code toSnapshot}. Refused (an exception) when a commit in
     * between deleted or overwrote links (an erasure) or {@code afterSnapshot} is not an ancestor of
     * {@code toSnapshot}: the caller then recomputes everything. A rewrite of the files (compaction) keeps the rows.
     */
    public Dataset<EdgeRow> linksAdded(long afterSnapshot, long toSnapshot)
    {
        // Iceberg's incremental read gives the files of the appends in between and passes over any other commit
        Table table = linksTable();
        if (!SnapshotUtil.isAncestorOf(table, toSnapshot, afterSnapshot)) {
            throw new IllegalStateException("links snapshot %d is not an ancestor of %d".formatted(afterSnapshot, toSnapshot));
        }
        for (Snapshot between : SnapshotUtil.ancestorsBetween(table, toSnapshot, afterSnapshot)) {
            if (!between.operation().equals(DataOperations.APPEND) && !between.operation().equals(DataOperations.REPLACE)) {
                throw new IllegalStateException("links snapshot %d is a %s, not an append".formatted(between.snapshotId(), between.operation()));
            }
        }
        // an append spreads over many small files (one per day and writer): one task per core reads them all,
        // instead of a task per file in every stage that follows
        return select(spark.read().format("iceberg")
                .option("start-snapshot-id", afterSnapshot)
                .option("end-snapshot-id", toSnapshot)
                .load(name(LINKS))
                .coalesce(spark.sparkContext().defaultParallelism()));
    }

    private static Dataset<EdgeRow> select(Dataset<Row> links)
    {
        // a type symbol this build does not know is a newer contract's: the core reads it as UNKNOWN (ignored)
        String known = Arrays.stream(IdentifierType.values()).map(type -> "'" + type.name() + "'").collect(Collectors.joining(", "));
        String[] columns = EdgeRow.LINK_COLUMNS.clone();
        columns[1] = "CASE WHEN left.type IN (" + known + ") THEN left.type ELSE 'UNKNOWN' END AS leftType";
        columns[4] = "CASE WHEN right.type IN (" + known + ") THEN right.type ELSE 'UNKNOWN' END AS rightType";
        return links.selectExpr(columns).as(IdentityPipeline.EDGE);
    }

    public BadMarks marks()
    {
        Map<String, String> edges = new HashMap<>();
        Map<IdentifierKey, String> identifiers = new HashMap<>();
        for (Row row : spark.sql("SELECT kind, target, reason FROM " + name(MARKS)).collectAsList()) {
            if ("EDGE".equals(row.getString(0))) {
                edges.put(row.getString(1), row.getString(2));
            }
            else {
                identifiers.put(IdentifierKey.parse(row.getString(1)), row.getString(2));
            }
        }
        return new BadMarks(edges, identifiers);
    }

    /** The open row of every identifier {@code identity.graph} holds now: its type and token, member and component. */
    public Dataset<Row> openGraph()
    {
        return open(spark.table(name(GRAPH)));
    }

    /** The same as of a snapshot of the graph. */
    public Dataset<Row> openGraph(long snapshotId)
    {
        return open(spark.read().option("versionAsOf", snapshotId).table(name(GRAPH)));
    }

    private static Dataset<Row> open(Dataset<Row> graph)
    {
        return graph.where(col("valid_to").isNull()).select(col("identifier_type"), col("token"), col("member_id"), col("component_key"));
    }

    /** The same with the identifier's key. */
    public Dataset<Row> openRows()
    {
        return withKey(openGraph());
    }

    /** Rows of {@link #openGraph} with the identifier's key in place of its type and token. */
    public static Dataset<Row> withKey(Dataset<Row> graphRows)
    {
        return graphRows.select(identifierKey().as("key"), col("member_id"), col("component_key"));
    }

    /** The key {@code TYPE:token} of a graph or quarantine row, from its {@code identifier_type} and {@code token}. */
    public static Column identifierKey()
    {
        return concat(col("identifier_type"), lit(":"), col("token"));
    }

    /** The links snapshot the newest run read up to, if any run finished. */
    public Optional<Long> lastRunSnapshot()
    {
        List<Row> rows = spark.sql("SELECT links_snapshot_id FROM " + name(RUNS) + " ORDER BY finished_at DESC, started_at DESC LIMIT 1").collectAsList();
        return rows.isEmpty() || rows.get(0).isNullAt(0) ? Optional.empty() : Optional.of(rows.get(0).getLong(0));
    }

    /**
     * Driver-side rows as a Dataset. A local relation carries its rows inside the query plan, and every analyzer and
     * optimizer rule of a MERGE that reads it walks them again, which costs seconds at a few hundred thousand rows:
     * more than {@link #PLAN_ROWS} rows are materialized once (Spark's binary rows, made on the driver and sent to
     * the executors as they are), and the plans that read them start from the materialized rows.
     */
    public Dataset<Row> rows(List<Row> rows, StructType schema)
    {
        return rows(spark, rows, schema);
    }

    static Dataset<Row> rows(SparkSession spark, List<Row> rows, StructType schema)
    {
        Dataset<Row> local = spark.createDataFrame(rows, schema);
        return rows.size() <= PLAN_ROWS ? local : IdentityPipeline.materialize(local);
    }

    /** Appends rows with the table's columns. */
    public void append(String table, Dataset<Row> rows)
    {
        try {
            rows.writeTo(name(table)).append();
        }
        catch (NoSuchTableException e) {
            throw new IllegalStateException("table " + name(table) + " does not exist: run `cdp lakehouse init`", e);
        }
    }

    /** {@code MERGE INTO} with {@code source} as {@code s}; the statement text is given after the USING clause. */
    public void merge(String table, Dataset<Row> source, String onAndClauses)
    {
        String view = "identity_" + table.replace('.', '_') + "_changes";
        source.createOrReplaceTempView(view);
        spark.sql("MERGE INTO " + name(table) + " t USING " + view + " s " + onAndClauses);
        spark.catalog().dropTempView(view);
    }

    /** The assignments of a MERGE clause (target column to value) as the Dataset merge API takes them. */
    public static scala.collection.immutable.Map<String, Column> assignments(Map<String, Column> assignments)
    {
        return scala.collection.immutable.Map.from(scala.jdk.javaapi.CollectionConverters.asScala(assignments));
    }

    public static Timestamp timestamp(Instant instant)
    {
        return instant == null ? null : Timestamp.from(instant);
    }

    public static <T> List<T> list(Iterable<T> values)
    {
        List<T> list = new ArrayList<>();
        values.forEach(list::add);
        return list;
    }
}
