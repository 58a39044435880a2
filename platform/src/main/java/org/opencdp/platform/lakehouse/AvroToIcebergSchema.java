package org.opencdp.platform.lakehouse;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

/**
 * Converts an Avro record schema (a contract) to the Iceberg schema the lakehouse stores it as.
 *
 * <p>Only plain Avro and Iceberg's type API are used, never an Iceberg method that takes or returns an Avro
 * type: Iceberg's engine runtime jars relocate Avro, and such a method does not exist there.
 *
 * <p>Mapping: record → struct, array → list, map → map with string keys, enum and string → string,
 * {@code timestamp-millis} and {@code timestamp-micros} → {@code timestamptz} (contract timestamps are UTC
 * instants), {@code date} → date, int, long, float, double, boolean, bytes → binary. A union of
 * {@code null} and one type is that type, optional; every other field, list element and map value is
 * required. Field docs become column docs. Other unions, fixed, and other logical types are rejected, so a
 * contract never lands in a table shaped differently from what it says.
 *
 * <p>Field ids are assigned from 1 in one fixed order: a struct's fields first, then the types nested in
 * each of them in field order (a list's element id, a map's key and value ids, then what they contain).
 * This is the order of Iceberg's {@code TypeUtil.assignIncreasingFreshIds}, so a contract gets the same ids
 * as the tables created from it, and the same contract always gets the same schema.
 */
public final class AvroToIcebergSchema {
    private int lastId;
    private final Set<String> recordsInPath = new HashSet<>();

    private AvroToIcebergSchema() {}

    /** The Iceberg schema of {@code record}, which must be an Avro record. */
    public static Schema convert(org.apache.avro.Schema record) {
        requireNonNull(record, "record is null");
        if (record.getType() != org.apache.avro.Schema.Type.RECORD) {
            throw new IllegalArgumentException("Only an Avro record converts to an Iceberg schema, got " + record.getType()
                    + ": " + record);
        }
        return new Schema(new AvroToIcebergSchema().struct(record, record.getName()).fields());
    }

    private Types.StructType struct(org.apache.avro.Schema record, String path) {
        if (!recordsInPath.add(record.getFullName())) {
            throw new IllegalArgumentException("Recursive Avro record " + record.getFullName() + " at " + path
                    + ": an Iceberg table cannot hold a recursive type");
        }
        List<org.apache.avro.Schema.Field> avroFields = record.getFields();
        // this struct's fields are numbered before anything nested in them
        int[] ids = new int[avroFields.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = nextId();
        }
        List<NestedField> fields = new ArrayList<>(avroFields.size());
        for (int i = 0; i < ids.length; i++) {
            org.apache.avro.Schema.Field field = avroFields.get(i);
            String fieldPath = path + "." + field.name();
            Nullable nullable = Nullable.of(field.schema(), fieldPath);
            fields.add(NestedField.of(ids[i], nullable.optional(), field.name(), type(nullable.schema(), fieldPath), field.doc()));
        }
        recordsInPath.remove(record.getFullName());
        return Types.StructType.of(fields);
    }

    private Type type(org.apache.avro.Schema schema, String path) {
        switch (schema.getType()) {
            case RECORD:
                return struct(schema, path);
            case ARRAY: {
                int elementId = nextId();
                Nullable element = Nullable.of(schema.getElementType(), path + ".element");
                Type elementType = type(element.schema(), path + ".element");
                return element.optional()
                        ? Types.ListType.ofOptional(elementId, elementType)
                        : Types.ListType.ofRequired(elementId, elementType);
            }
            case MAP: {
                int keyId = nextId();
                int valueId = nextId();
                Nullable value = Nullable.of(schema.getValueType(), path + ".value");
                Type valueType = type(value.schema(), path + ".value");
                return value.optional()
                        ? Types.MapType.ofOptional(keyId, valueId, Types.StringType.get(), valueType)
                        : Types.MapType.ofRequired(keyId, valueId, Types.StringType.get(), valueType);
            }
            case UNION:
                throw new IllegalArgumentException("Unsupported Avro union at " + path + ": " + schema
                        + "; only a union of null and one other type (an optional value) maps to an Iceberg column");
            default:
                return primitive(schema, path);
        }
    }

    private static Type primitive(org.apache.avro.Schema schema, String path) {
        LogicalType logicalType = schema.getLogicalType();
        if (logicalType != null) {
            if (logicalType instanceof LogicalTypes.TimestampMillis || logicalType instanceof LogicalTypes.TimestampMicros) {
                return Types.TimestampType.withZone();
            }
            if (logicalType instanceof LogicalTypes.Date) {
                return Types.DateType.get();
            }
            throw new IllegalArgumentException("Unsupported Avro logical type '" + logicalType.getName() + "' at " + path
                    + "; supported: timestamp-millis, timestamp-micros, date");
        }
        return switch (schema.getType()) {
            case STRING, ENUM -> Types.StringType.get();
            case INT -> Types.IntegerType.get();
            case LONG -> Types.LongType.get();
            case FLOAT -> Types.FloatType.get();
            case DOUBLE -> Types.DoubleType.get();
            case BOOLEAN -> Types.BooleanType.get();
            case BYTES -> Types.BinaryType.get();
            default -> throw new IllegalArgumentException("Unsupported Avro type " + schema.getType() + " at " + path
                    + "; supported: record, array, map, enum, string, int, long, float, double, boolean, bytes");
        };
    }

    private int nextId() {
        return ++lastId;
    }

    /** A schema with {@code null} taken out of a {@code ["null", T]} (or {@code [T, "null"]}) union. */
    private record Nullable(org.apache.avro.Schema schema, boolean optional) {
        static Nullable of(org.apache.avro.Schema schema, String path) {
            if (schema.getType() == org.apache.avro.Schema.Type.NULL) {
                throw new IllegalArgumentException("Avro type null at " + path + " holds no value; an Iceberg column needs a type");
            }
            if (schema.getType() != org.apache.avro.Schema.Type.UNION) {
                return new Nullable(schema, false);
            }
            List<org.apache.avro.Schema> types = schema.getTypes();
            List<org.apache.avro.Schema> values = types.stream()
                    .filter(type -> type.getType() != org.apache.avro.Schema.Type.NULL)
                    .toList();
            if (types.size() != 2 || values.size() != 1) {
                throw new IllegalArgumentException("Unsupported Avro union at " + path + ": " + schema
                        + "; only a union of null and one other type (an optional value) maps to an Iceberg column");
            }
            return new Nullable(values.get(0), true);
        }
    }
}
