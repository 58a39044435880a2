package org.opencdp.ingestion.batch;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Converts Avro records (generated or generic) to Iceberg generic {@link Record}s of a table schema, matching
 * fields by name at every level. The conversion plan is built once per schema pair, so converting a record only
 * moves values. Table columns the Avro schema lacks (such as {@code _ingest}) are left null for the caller to fill.
 *
 * <p>Value mapping follows the lakehouse layout: enums become strings, Avro timestamps ({@link Instant}) become
 * {@link OffsetDateTime} in UTC for {@code timestamptz}, dates become {@link LocalDate}, bytes {@link ByteBuffer}.
 */
public final class AvroToIceberg {
    private final StructConverter root;

    public AvroToIceberg(Types.StructType tableStruct, org.apache.avro.Schema avroRecord) {
        requireNonNull(tableStruct, "tableStruct is null");
        requireNonNull(avroRecord, "avroRecord is null");
        this.root = new StructConverter(tableStruct, nonNull(avroRecord), "");
    }

    public Record convert(IndexedRecord avro) {
        return root.convert(requireNonNull(avro, "avro is null"));
    }

    @FunctionalInterface
    private interface ValueConverter {
        Object convert(Object value);
    }

    private static final class StructConverter implements ValueConverter {
        private final Types.StructType struct;
        private final int[] avroPositions;
        private final ValueConverter[] converters;

        StructConverter(Types.StructType struct, org.apache.avro.Schema avro, String path) {
            if (avro.getType() != org.apache.avro.Schema.Type.RECORD) {
                throw mismatch(path, struct, avro);
            }
            this.struct = struct;
            List<Types.NestedField> fields = struct.fields();
            this.avroPositions = new int[fields.size()];
            this.converters = new ValueConverter[fields.size()];
            for (int i = 0; i < fields.size(); i++) {
                Types.NestedField field = fields.get(i);
                org.apache.avro.Schema.Field avroField = avro.getField(field.name());
                if (avroField == null) {
                    avroPositions[i] = -1;
                } else {
                    avroPositions[i] = avroField.pos();
                    converters[i] = converter(field.type(), nonNull(avroField.schema()), path + field.name());
                }
            }
        }

        @Override
        public Record convert(Object value) {
            IndexedRecord avro = (IndexedRecord) value;
            GenericRecord record = GenericRecord.create(struct);
            for (int i = 0; i < avroPositions.length; i++) {
                if (avroPositions[i] >= 0) {
                    Object fieldValue = avro.get(avroPositions[i]);
                    record.set(i, fieldValue == null ? null : converters[i].convert(fieldValue));
                }
            }
            return record;
        }
    }

    private static ValueConverter converter(Type type, org.apache.avro.Schema avro, String path) {
        return switch (type.typeId()) {
            case STRUCT -> new StructConverter(type.asStructType(), avro, path + ".");
            case LIST -> {
                if (avro.getType() != org.apache.avro.Schema.Type.ARRAY) {
                    throw mismatch(path, type, avro);
                }
                ValueConverter element = converter(type.asListType().elementType(), nonNull(avro.getElementType()), path + "[]");
                yield value -> {
                    List<?> values = (List<?>) value;
                    List<Object> converted = new ArrayList<>(values.size());
                    for (Object item : values) {
                        converted.add(item == null ? null : element.convert(item));
                    }
                    return converted;
                };
            }
            case MAP -> {
                if (avro.getType() != org.apache.avro.Schema.Type.MAP) {
                    throw mismatch(path, type, avro);
                }
                ValueConverter valueConverter = converter(type.asMapType().valueType(), nonNull(avro.getValueType()), path + "{}");
                yield value -> {
                    Map<?, ?> values = (Map<?, ?>) value;
                    Map<String, Object> converted = new LinkedHashMap<>(Math.max(4, values.size() * 2));
                    values.forEach((k, v) -> converted.put(k.toString(), v == null ? null : valueConverter.convert(v)));
                    return converted;
                };
            }
            // enums, Utf8 and String alike
            case STRING -> Object::toString;
            case TIMESTAMP -> ((Types.TimestampType) type).shouldAdjustToUTC()
                    ? value -> OffsetDateTime.ofInstant(instant(value), ZoneOffset.UTC)
                    : value -> LocalDateTime.ofInstant(instant(value), ZoneOffset.UTC);
            case DATE -> value -> value instanceof LocalDate date ? date : LocalDate.ofEpochDay(((Number) value).longValue());
            case LONG -> value -> ((Number) value).longValue();
            case INTEGER -> value -> ((Number) value).intValue();
            case DOUBLE -> value -> ((Number) value).doubleValue();
            case FLOAT -> value -> ((Number) value).floatValue();
            case BOOLEAN, DECIMAL, UUID -> value -> value;
            case BINARY -> value -> value instanceof ByteBuffer buffer ? buffer.duplicate() : ByteBuffer.wrap((byte[]) value);
            case FIXED -> value -> value instanceof GenericFixed fixed ? fixed.bytes().clone() : value;
            default -> throw new IllegalArgumentException("Column %s of type %s cannot be filled from Avro %s"
                    .formatted(path, type, avro));
        };
    }

    private static Instant instant(Object value) {
        return value instanceof Instant instant ? instant : Instant.ofEpochMilli(((Number) value).longValue());
    }

    /** The non-null branch of an optional Avro type. */
    private static org.apache.avro.Schema nonNull(org.apache.avro.Schema schema) {
        if (schema.getType() != org.apache.avro.Schema.Type.UNION) {
            return schema;
        }
        List<org.apache.avro.Schema> branches = schema.getTypes().stream()
                .filter(branch -> branch.getType() != org.apache.avro.Schema.Type.NULL)
                .toList();
        if (branches.size() != 1) {
            throw new IllegalArgumentException("Only optional unions map to table columns, not " + schema);
        }
        return branches.get(0);
    }

    private static IllegalArgumentException mismatch(String path, Type type, org.apache.avro.Schema avro) {
        return new IllegalArgumentException("Column %s of type %s does not match Avro %s".formatted(path, type, avro));
    }
}
