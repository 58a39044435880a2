package org.opencdp.platform.lakehouse;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The intended layout of one lakehouse table: schema, partitioning, write order, table properties, and a
 * one-line description (also stored as the table's {@code comment}).
 */
public record TableSpec(
        TableIdentifier identifier,
        Schema schema,
        PartitionSpec partitionSpec,
        SortOrder sortOrder,
        Map<String, String> properties,
        String description) {
    public TableSpec {
        requireNonNull(identifier, "identifier is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(partitionSpec, "partitionSpec is null");
        requireNonNull(sortOrder, "sortOrder is null");
        requireNonNull(properties, "properties is null");
        requireNonNull(description, "description is null");
        if (!partitionSpec.isUnpartitioned() && !partitionSpec.schema().sameSchema(schema)) {
            throw new IllegalArgumentException("partition spec of " + identifier + " is bound to another schema");
        }
        if (!sortOrder.isUnsorted() && !sortOrder.schema().sameSchema(schema)) {
            throw new IllegalArgumentException("sort order of " + identifier + " is bound to another schema");
        }
        properties = Map.copyOf(properties);
    }

    /** Qualified name, e.g. {@code raw.web_events}. */
    public String name() {
        return identifier.toString();
    }
}
