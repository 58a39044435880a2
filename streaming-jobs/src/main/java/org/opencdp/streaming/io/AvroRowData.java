package org.opencdp.streaming.io;

import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.util.Utf8;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.Schema;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.opencdp.platform.lakehouse.LakehouseTables;

import static java.util.Objects.requireNonNull;

/**
 * Converts Avro records of a contract (generated or generic) into Flink {@link RowData} of an Iceberg table's
 * schema, the row layout Iceberg's Flink sink writes ({@link #rowType()} is {@code FlinkSchemaUtil.convert}
 * of that schema). Driven by the table schema, matching fields by name at every level, so one class serves
 * every contract-backed table; the plan is built once, converting a record only moves values.
 *
 * <p>Value mapping follows the lakehouse layout: structs → rows, arrays → arrays, maps → maps with string
 * keys, strings and enums → strings, Avro timestamps ({@code Instant} or epoch millis) → timestamps
 * ({@code timestamptz} too), dates → epoch days, bytes and fixed → byte arrays, decimals → decimals. A
 * top-level {@code _ingest} struct the Avro schema lacks is filled from the {@link IngestLineage}; any other
 * table column the Avro schema lacks must be optional and stays null.
 *
 * <p>Serializable (it keeps only the two schemas), so Flink functions can hold one; the plan is rebuilt on
 * first use after deserialization. The plan is immutable, so one instance may be shared between threads.
 */
public final class AvroRowData
        implements Serializable
{
    private static final long serialVersionUID = 1L;

    private final Schema tableSchema;
    private final org.apache.avro.Schema avroSchema;
    private transient volatile RowConverter plan;

    private AvroRowData(Schema tableSchema, org.apache.avro.Schema avroSchema)
    {
        this.tableSchema = requireNonNull(tableSchema, "tableSchema is null");
        this.avroSchema = requireNonNull(avroSchema, "avroSchema is null");
        // validate eagerly, where the job is built, not on a task manager
        this.plan = new RowConverter(tableSchema.asStruct(), nonNull(avroSchema), "", true);
    }

    /**
     * @param tableSchema the schema of the table rows are written to (the table's current schema, not a declared one)
     * @param avroSchema the Avro schema of the records, e.g. {@code Contract.WEB_EVENT.schema()}
     * @throws IllegalArgumentException naming the column when a column and its Avro field do not match, or a
     *     required column has no Avro field
     */
    public static AvroRowData of(Schema tableSchema, org.apache.avro.Schema avroSchema)
    {
        return new AvroRowData(tableSchema, avroSchema);
    }

    public Schema tableSchema()
    {
        return tableSchema;
    }

    /** The Flink row type of the table, for {@code InternalTypeInfo.of(rowType())}. */
    public RowType rowType()
    {
        return FlinkSchemaUtil.convert(tableSchema);
    }

    /** Converts a record of a table without an {@code _ingest} column, or leaves it null. */
    public RowData convert(IndexedRecord record)
    {
        return convert(record, null);
    }

    /** Converts a record and fills the {@code _ingest} column, when the table has one, from the lineage. */
    public RowData convert(IndexedRecord record, IngestLineage lineage)
    {
        requireNonNull(record, "record is null");
        RowConverter converter = plan;
        if (converter == null) {
            converter = new RowConverter(tableSchema.asStruct(), nonNull(avroSchema), "", true);
            plan = converter;
        }
        return converter.convert(record, lineage);
    }

    @FunctionalInterface
    private interface ValueConverter
    {
        Object convert(Object value);
    }

    private static final class RowConverter
            implements ValueConverter
    {
        private final int[] avroPositions;
        private final ValueConverter[] converters;
        private final int ingestPosition;

        RowConverter(Types.StructType struct, org.apache.avro.Schema avro, String path, boolean topLevel)
        {
            if (avro.getType() != org.apache.avro.Schema.Type.RECORD) {
                throw mismatch(path, struct, avro);
            }
            List<Types.NestedField> fields = struct.fields();
            this.avroPositions = new int[fields.size()];
            this.converters = new ValueConverter[fields.size()];
            int ingest = -1;
            for (int i = 0; i < fields.size(); i++) {
                Types.NestedField field = fields.get(i);
                org.apache.avro.Schema.Field avroField = avro.getField(field.name());
                if (avroField != null) {
                    avroPositions[i] = avroField.pos();
                    converters[i] = converter(field.type(), nonNull(avroField.schema()), path + field.name());
                    continue;
                }
                avroPositions[i] = -1;
                if (topLevel && field.name().equals(LakehouseTables.INGEST) && field.type().isStructType()) {
                    ingest = i;
                    checkIngestStruct(field.type().asStructType());
                }
                else if (field.isRequired()) {
                    throw new IllegalArgumentException("Required column %s%s has no field in Avro record %s"
                            .formatted(path, field.name(), avro.getFullName()));
                }
            }
            this.ingestPosition = ingest;
        }

        @Override
        public Object convert(Object value)
        {
            return convert((IndexedRecord) value, null);
        }

        RowData convert(IndexedRecord avro, IngestLineage lineage)
        {
            GenericRowData row = new GenericRowData(avroPositions.length);
            for (int i = 0; i < avroPositions.length; i++) {
                int position = avroPositions[i];
                if (position >= 0) {
                    Object fieldValue = avro.get(position);
                    row.setField(i, fieldValue == null ? null : converters[i].convert(fieldValue));
                }
            }
            if (ingestPosition >= 0 && lineage != null) {
                row.setField(ingestPosition, GenericRowData.of(
                        TimestampData.fromInstant(lineage.ingestedAt()),
                        string(lineage.origin()),
                        lineage.batchId() == null ? null : string(lineage.batchId())));
            }
            return row;
        }

        private static void checkIngestStruct(Types.StructType ingest)
        {
            List<String> names = ingest.fields().stream().map(Types.NestedField::name).toList();
            List<String> expected = List.of(LakehouseTables.INGEST_INGESTED_AT, LakehouseTables.INGEST_ORIGIN, LakehouseTables.INGEST_BATCH_ID);
            if (!names.equals(expected)) {
                throw new IllegalArgumentException("Column %s has fields %s, expected %s".formatted(LakehouseTables.INGEST, names, expected));
            }
        }
    }

    private static ValueConverter converter(Type type, org.apache.avro.Schema avro, String path)
    {
        return switch (type.typeId()) {
            case STRUCT -> new RowConverter(type.asStructType(), avro, path + ".", false);
            case LIST -> {
                if (avro.getType() != org.apache.avro.Schema.Type.ARRAY) {
                    throw mismatch(path, type, avro);
                }
                ValueConverter element = converter(type.asListType().elementType(), nonNull(avro.getElementType()), path + "[]");
                yield value -> {
                    List<?> values = (List<?>) value;
                    Object[] converted = new Object[values.size()];
                    for (int i = 0; i < converted.length; i++) {
                        Object item = values.get(i);
                        converted[i] = item == null ? null : element.convert(item);
                    }
                    return new GenericArrayData(converted);
                };
            }
            case MAP -> {
                if (avro.getType() != org.apache.avro.Schema.Type.MAP || !type.asMapType().keyType().equals(Types.StringType.get())) {
                    throw mismatch(path, type, avro);
                }
                ValueConverter valueConverter = converter(type.asMapType().valueType(), nonNull(avro.getValueType()), path + "{}");
                yield value -> {
                    Map<?, ?> values = (Map<?, ?>) value;
                    Map<StringData, Object> converted = new HashMap<>(Math.max(4, values.size() * 2));
                    values.forEach((k, v) -> converted.put(string(k), v == null ? null : valueConverter.convert(v)));
                    return new GenericMapData(converted);
                };
            }
            case STRING -> {
                checkAvro(path, type, avro, org.apache.avro.Schema.Type.STRING, org.apache.avro.Schema.Type.ENUM);
                yield AvroRowData::string;
            }
            case TIMESTAMP -> {
                checkAvro(path, type, avro, org.apache.avro.Schema.Type.LONG);
                boolean micros = avro.getLogicalType() != null && avro.getLogicalType().getName().equals("timestamp-micros");
                yield value -> {
                    if (value instanceof Instant instant) {
                        return TimestampData.fromInstant(instant);
                    }
                    long number = ((Number) value).longValue();
                    return micros
                            ? TimestampData.fromEpochMillis(Math.floorDiv(number, 1000), (int) Math.floorMod(number, 1000) * 1000)
                            : TimestampData.fromEpochMillis(number);
                };
            }
            case DATE -> {
                checkAvro(path, type, avro, org.apache.avro.Schema.Type.INT);
                yield value -> value instanceof LocalDate date ? (int) date.toEpochDay() : ((Number) value).intValue();
            }
            case TIME -> {
                checkAvro(path, type, avro, org.apache.avro.Schema.Type.INT, org.apache.avro.Schema.Type.LONG);
                // Flink's TIME is milliseconds of the day
                yield value -> value instanceof LocalTime time ? (int) (time.toNanoOfDay() / 1_000_000) : ((Number) value).intValue();
            }
            case LONG -> {
                checkAvro(path, type, avro, org.apache.avro.Schema.Type.LONG, org.apache.avro.Schema.Type.INT);
                yield value -> ((Number) value).longValue();
            }
            case INTEGER -> {
                checkAvro(path, type, avro, org.apache.avro.Schema.Type.INT);
                yield value -> ((Number) value).intValue();
            }
            case DOUBLE -> {
                checkAvro(path, type, avro, org.apache.avro.Schema.Type.DOUBLE, org.apache.avro.Schema.Type.FLOAT,
                        org.apache.avro.Schema.Type.LONG, org.apache.avro.Schema.Type.INT);
                yield value -> ((Number) value).doubleValue();
            }
            case FLOAT -> {
                checkAvro(path, type, avro, org.apache.avro.Schema.Type.FLOAT, org.apache.avro.Schema.Type.INT);
                yield value -> ((Number) value).floatValue();
            }
            case BOOLEAN -> {
                checkAvro(path, type, avro, org.apache.avro.Schema.Type.BOOLEAN);
                yield value -> value;
            }
            case BINARY, FIXED -> {
                checkAvro(path, type, avro, org.apache.avro.Schema.Type.BYTES, org.apache.avro.Schema.Type.FIXED);
                yield AvroRowData::bytes;
            }
            case UUID -> value -> value instanceof UUID uuid ? uuidBytes(uuid) : bytes(value);
            case DECIMAL -> {
                Types.DecimalType decimal = (Types.DecimalType) type;
                yield value -> {
                    if (!(value instanceof BigDecimal number)) {
                        throw new IllegalArgumentException("Column %s expects a BigDecimal (Avro decimal conversion), got %s"
                                .formatted(path, value.getClass().getName()));
                    }
                    return DecimalData.fromBigDecimal(number, decimal.precision(), decimal.scale());
                };
            }
            default -> throw new IllegalArgumentException("Column %s of type %s cannot be filled from Avro %s".formatted(path, type, avro));
        };
    }

    private static StringData string(Object value)
    {
        if (value instanceof Utf8 utf8) {
            // Utf8's buffer may be longer than the string and is reused by decoders: copy the used bytes
            byte[] bytes = new byte[utf8.getByteLength()];
            System.arraycopy(utf8.getBytes(), 0, bytes, 0, bytes.length);
            return StringData.fromBytes(bytes);
        }
        // encoded once here: a StringData holding a java String is re-encoded, with temporary buffers, by every writer that reads it
        return StringData.fromBytes(value.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(Object value)
    {
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer view = buffer.duplicate();
            byte[] bytes = new byte[view.remaining()];
            view.get(bytes);
            return bytes;
        }
        if (value instanceof GenericFixed fixed) {
            return fixed.bytes().clone();
        }
        return ((byte[]) value).clone();
    }

    private static byte[] uuidBytes(UUID uuid)
    {
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
    }

    private static void checkAvro(String path, Type type, org.apache.avro.Schema avro, org.apache.avro.Schema.Type... accepted)
    {
        for (org.apache.avro.Schema.Type candidate : accepted) {
            if (avro.getType() == candidate) {
                return;
            }
        }
        throw mismatch(path, type, avro);
    }

    /** The non-null branch of an optional Avro type. */
    private static org.apache.avro.Schema nonNull(org.apache.avro.Schema schema)
    {
        if (schema.getType() != org.apache.avro.Schema.Type.UNION) {
            return schema;
        }
        List<org.apache.avro.Schema> branches = schema.getTypes().stream()
                .filter(branch -> branch.getType() != org.apache.avro.Schema.Type.NULL)
                .toList();
        if (branches.size() != 1) {
            throw new IllegalArgumentException("Only optional unions ([\"null\", T]) map to table columns, not " + schema);
        }
        return branches.get(0);
    }

    private static IllegalArgumentException mismatch(String path, Type type, org.apache.avro.Schema avro)
    {
        return new IllegalArgumentException("Column %s of type %s does not match Avro %s".formatted(path, type, avro));
    }
}
