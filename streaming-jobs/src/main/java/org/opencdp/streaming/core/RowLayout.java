package org.opencdp.streaming.core;

import java.io.Serializable;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.Schema;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.types.Types;
import org.opencdp.identity.links.TypedIdentifier;

import static java.util.Objects.requireNonNull;

/**
 * Positions of the top-level columns of a hand-written table (one not backed by an Avro contract), so rows are
 * filled by column name and follow the table's actual column order. Also the value helpers those rows need.
 */
public final class RowLayout
        implements Serializable
{
    private static final long serialVersionUID = 1L;

    private final Schema schema;
    private final Map<String, Integer> positions;

    public RowLayout(Schema schema)
    {
        this.schema = requireNonNull(schema, "schema is null");
        Map<String, Integer> byName = new HashMap<>();
        List<Types.NestedField> columns = schema.columns();
        for (int i = 0; i < columns.size(); i++) {
            byName.put(columns.get(i).name(), i);
        }
        this.positions = Map.copyOf(byName);
    }

    public Schema schema()
    {
        return schema;
    }

    public RowType rowType()
    {
        return FlinkSchemaUtil.convert(schema);
    }

    public int size()
    {
        return positions.size();
    }

    /** Position of a column; fails naming the columns the table has when it has no such column. */
    public int position(String column)
    {
        Integer position = positions.get(column);
        if (position == null) {
            throw new IllegalArgumentException("Table schema has no column '%s'; columns: %s"
                    .formatted(column, schema.columns().stream().map(Types.NestedField::name).toList()));
        }
        return position;
    }

    public GenericRowData newRow()
    {
        return new GenericRowData(positions.size());
    }

    public void set(GenericRowData row, String column, Object value)
    {
        row.setField(position(column), value);
    }

    public static StringData string(String value)
    {
        return value == null ? null : StringData.fromString(value);
    }

    public static TimestampData timestamp(Instant value)
    {
        return value == null ? null : TimestampData.fromInstant(value);
    }

    /** {@code list<struct<type, token, verified>>}. */
    public static GenericArrayData identifiers(List<TypedIdentifier> identifiers)
    {
        Object[] rows = new Object[identifiers.size()];
        for (int i = 0; i < rows.length; i++) {
            TypedIdentifier identifier = identifiers.get(i);
            rows[i] = GenericRowData.of(string(identifier.type()), string(identifier.token()), identifier.verified());
        }
        return new GenericArrayData(rows);
    }

    /** {@code map<string, string>}. */
    public static GenericMapData stringMap(Map<String, String> values)
    {
        Map<StringData, StringData> converted = new HashMap<>();
        values.forEach((key, value) -> converted.put(string(key), string(value)));
        return new GenericMapData(converted);
    }
}
