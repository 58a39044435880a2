package org.opencdp.platform.lakehouse;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types.NestedField;
import org.opencdp.platform.lakehouse.InitReport.Outcome;
import org.opencdp.platform.lakehouse.InitReport.TableResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lakehouse in a catalog: creates and evolves its tables to match {@link LakehouseTables}, and reports
 * their state. Evolution is additive only (new columns, widened types, new property values); partitioning
 * and write order of an existing table are never changed here, because that rewrites how data is laid out.
 */
public final class Lakehouse {
    private static final Logger LOG = LoggerFactory.getLogger(Lakehouse.class);

    private final Catalog catalog;
    private final List<TableSpec> specs;

    public Lakehouse(Catalog catalog) {
        this(catalog, LakehouseTables.all());
    }

    public Lakehouse(Catalog catalog, List<TableSpec> specs) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.specs = List.copyOf(requireNonNull(specs, "specs is null"));
    }

    public Catalog catalog() {
        return catalog;
    }

    public List<TableSpec> specs() {
        return specs;
    }

    /** Creates missing namespaces and tables, and evolves existing tables; running it again changes nothing. */
    public InitReport init() {
        List<Namespace> createdNamespaces = createMissingNamespaces();
        List<TableResult> results = new ArrayList<>();
        for (TableSpec spec : specs) {
            results.add(createOrEvolve(spec));
        }
        return new InitReport(createdNamespaces, results);
    }

    /** Every table of the layout with its current state; tables not created yet are reported as missing. */
    public List<TableStatus> tables() {
        List<TableStatus> statuses = new ArrayList<>();
        for (TableSpec spec : specs) {
            statuses.add(status(spec));
        }
        return statuses;
    }

    /** The table of {@code spec}, which must exist (run {@link #init()} first). */
    public Table load(TableSpec spec) {
        requireNonNull(spec, "spec is null");
        try {
            return catalog.loadTable(spec.identifier());
        }
        catch (NoSuchTableException e) {
            throw new IllegalStateException("Table " + spec.name() + " does not exist; run 'cdp lakehouse init' first", e);
        }
    }

    private List<Namespace> createMissingNamespaces() {
        if (!(catalog instanceof SupportsNamespaces namespaces)) {
            return List.of();
        }
        Set<Namespace> wanted = new LinkedHashSet<>();
        specs.forEach(spec -> wanted.add(spec.identifier().namespace()));
        List<Namespace> created = new ArrayList<>();
        for (Namespace namespace : wanted) {
            if (namespaces.namespaceExists(namespace)) {
                continue;
            }
            try {
                namespaces.createNamespace(namespace);
                created.add(namespace);
            }
            catch (AlreadyExistsException e) {
                // created concurrently by another process: fine
            }
        }
        return created;
    }

    private TableResult createOrEvolve(TableSpec spec) {
        if (!catalog.tableExists(spec.identifier())) {
            try {
                catalog.buildTable(spec.identifier(), spec.schema())
                        .withPartitionSpec(spec.partitionSpec())
                        .withSortOrder(spec.sortOrder())
                        .withProperties(spec.properties())
                        .create();
                LOG.info("Created table {}", spec.name());
                return TableResult.created(spec.identifier());
            }
            catch (AlreadyExistsException e) {
                // created concurrently by another process: evolve it like any existing table
            }
        }
        return evolve(spec, catalog.loadTable(spec.identifier()));
    }

    private TableResult evolve(TableSpec spec, Table table) {
        Schema current = table.schema();
        Schema evolved = table.updateSchema().unionByNameWith(spec.schema()).apply();
        boolean schemaChanged = !evolved.sameSchema(current);
        Map<String, String> changedProperties = changedProperties(spec, table);
        if (!schemaChanged && changedProperties.isEmpty()) {
            return TableResult.unchanged(spec.identifier());
        }

        Transaction transaction = table.newTransaction();
        if (schemaChanged) {
            UpdateSchema update = transaction.updateSchema().unionByNameWith(spec.schema());
            update.commit();
        }
        if (!changedProperties.isEmpty()) {
            UpdateProperties update = transaction.updateProperties();
            changedProperties.forEach(update::set);
            update.commit();
        }
        transaction.commitTransaction();

        List<String> added = addedColumns(current, evolved);
        List<String> updated = updatedColumns(current, evolved);
        LOG.info("Evolved table {}: added columns {}, updated columns {}, set properties {}",
                spec.name(), added, updated, changedProperties.keySet());
        return new TableResult(spec.identifier(), Outcome.EVOLVED, added, updated, changedProperties);
    }

    private static Map<String, String> changedProperties(TableSpec spec, Table table) {
        Map<String, String> changed = new LinkedHashMap<>();
        spec.properties().forEach((key, value) -> {
            if (key.equals(TableProperties.FORMAT_VERSION)) {
                // a reserved property: it lives in the metadata, not in the property map, and only goes up
                int current = ((HasTableOperations) table).operations().current().formatVersion();
                if (current < Integer.parseInt(value)) {
                    changed.put(key, value);
                }
            }
            else if (!value.equals(table.properties().get(key))) {
                changed.put(key, value);
            }
        });
        return changed;
    }

    /** Columns new in {@code evolved}, outermost only: a new struct is one entry, not one per field. */
    private static List<String> addedColumns(Schema current, Schema evolved) {
        Map<Integer, Integer> parents = TypeUtil.indexParents(evolved.asStruct());
        List<String> added = new ArrayList<>();
        for (Integer id : TypeUtil.indexById(evolved.asStruct()).keySet().stream().sorted().toList()) {
            if (current.findField(id) != null) {
                continue;
            }
            Integer parent = parents.get(id);
            if (parent == null || current.findField(parent) != null) {
                added.add(evolved.findColumnName(id));
            }
        }
        return added;
    }

    private static List<String> updatedColumns(Schema current, Schema evolved) {
        List<String> updated = new ArrayList<>();
        for (Integer id : TypeUtil.indexById(current.asStruct()).keySet().stream().sorted().toList()) {
            NestedField before = current.findField(id);
            NestedField after = evolved.findField(id);
            if (after == null) {
                continue;
            }
            boolean changed = before.isOptional() != after.isOptional()
                    || !Objects.equals(before.doc(), after.doc())
                    || (before.type().isPrimitiveType() && !before.type().equals(after.type()));
            if (changed) {
                updated.add(evolved.findColumnName(id));
            }
        }
        return updated;
    }

    private TableStatus status(TableSpec spec) {
        Table table;
        try {
            table = catalog.loadTable(spec.identifier());
        }
        catch (NoSuchTableException e) {
            return TableStatus.missing(spec);
        }
        Snapshot snapshot = table.currentSnapshot();
        if (snapshot == null) {
            return new TableStatus(spec.identifier(), spec.description(), true, 0, 0, OptionalLong.empty(), Optional.empty());
        }
        Map<String, String> summary = snapshot.summary();
        return new TableStatus(
                spec.identifier(),
                spec.description(),
                true,
                summaryCount(summary, SnapshotSummary.TOTAL_RECORDS_PROP),
                summaryCount(summary, SnapshotSummary.TOTAL_DATA_FILES_PROP),
                OptionalLong.of(snapshot.snapshotId()),
                Optional.of(Instant.ofEpochMilli(snapshot.timestampMillis())));
    }

    private static long summaryCount(Map<String, String> summary, String property) {
        String value = summary.get(property);
        return value == null ? 0 : Long.parseLong(value);
    }
}
