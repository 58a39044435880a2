package org.opencdp.ingestion.decode;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * Converts a parsed JSON tree into the Avro datum of a schema by walking the schema, so every contract is
 * decoded by the same code. The JSON is the plain shape clients send (field names are Avro field names, a
 * nullable field is its value or absent/null), not Avro's own JSON encoding with union wrappers.
 *
 * <p>Values take the Java types of the generated classes: {@code String}, boxed numbers, generated enums and
 * records, {@code Instant} for timestamps and {@code LocalDate} for dates. Fields the schema does not know are
 * ignored, so newer clients can send fields the collector has not learned yet.
 */
final class JsonToAvro {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE;

    private final SpecificData model;

    JsonToAvro(SpecificData model) {
        this.model = requireNonNull(model, "model is null");
    }

    IndexedRecord readRecord(JsonNode node, Schema schema, FieldPath path) {
        if (!node.isObject()) {
            throw wrongType(path, "an object", node);
        }
        IndexedRecord record = (IndexedRecord) model.newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            JsonNode value = node.get(field.name());
            FieldPath fieldPath = FieldPath.field(path, field.name());
            if (value == null || value.isNull()) {
                record.put(field.pos(), absentValue(field, fieldPath));
            } else {
                record.put(field.pos(), read(value, field.schema(), fieldPath));
            }
        }
        return record;
    }

    private Object absentValue(Schema.Field field, FieldPath path) {
        if (field.hasDefaultValue()) {
            // copied because defaults are cached by the model and records are handed out mutable
            return model.deepCopy(field.schema(), model.getDefaultValue(field));
        }
        if (field.schema().isNullable()) {
            return null;
        }
        throw new InputRejectedException(ReasonCode.MISSING_FIELD, path, "Required field '" + path + "' is missing");
    }

    private Object read(JsonNode node, Schema schema, FieldPath path) {
        if (node.isNull()) {
            if (schema.isNullable()) {
                return null;
            }
            throw new InputRejectedException(ReasonCode.MISSING_FIELD, path, "Value of '" + path + "' must not be null");
        }
        LogicalType logicalType = schema.getLogicalType();
        if (logicalType != null) {
            Object value = readLogical(node, schema, logicalType, path);
            if (value != null) {
                return value;
            }
        }
        return switch (schema.getType()) {
            case RECORD -> readRecord(node, schema, path);
            case UNION -> readUnion(node, schema, path);
            case STRING -> readString(node, path);
            case ENUM -> readEnum(node, schema, path);
            case INT -> readInt(node, path);
            case LONG -> readLong(node, path);
            case FLOAT -> (float) readDouble(node, path);
            case DOUBLE -> readDouble(node, path);
            case BOOLEAN -> readBoolean(node, path);
            case ARRAY -> readArray(node, schema, path);
            case MAP -> readMap(node, schema, path);
            case BYTES -> ByteBuffer.wrap(readBase64(node, path));
            case FIXED -> readFixed(node, schema, path);
            case NULL -> throw wrongType(path, "null", node);
        };
    }

    /** Returns null when the logical type has no special JSON form, so the underlying type is read instead. */
    private Object readLogical(JsonNode node, Schema schema, LogicalType logicalType, FieldPath path) {
        if (logicalType instanceof LogicalTypes.TimestampMillis) {
            return readTimestamp(node, path);
        }
        if (logicalType instanceof LogicalTypes.TimestampMicros) {
            return readTimestamp(node, path);
        }
        if (logicalType instanceof LogicalTypes.Date) {
            return readDate(node, path);
        }
        if (logicalType instanceof LogicalTypes.Decimal) {
            throw new InputRejectedException(ReasonCode.INVALID_VALUE, path,
                    "Decimal fields are not supported by the JSON decoder: '" + path + "' of " + schema);
        }
        return null;
    }

    private Object readUnion(JsonNode node, Schema union, FieldPath path) {
        InputRejectedException first = null;
        for (Schema branch : union.getTypes()) {
            if (branch.getType() == Schema.Type.NULL) {
                continue;
            }
            try {
                return read(node, branch, path);
            } catch (InputRejectedException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first == null) {
            throw wrongType(path, "null", node);
        }
        throw first;
    }

    private static String readString(JsonNode node, FieldPath path) {
        if (!node.isTextual()) {
            throw wrongType(path, "a string", node);
        }
        return node.textValue();
    }

    private Object readEnum(JsonNode node, Schema schema, FieldPath path) {
        String symbol = readString(node, path);
        if (!schema.hasEnumSymbol(symbol)) {
            // SDKs often send lower-case symbols; accept them, but nothing fuzzier
            String upper = symbol.toUpperCase(Locale.ROOT);
            if (!schema.hasEnumSymbol(upper)) {
                throw new InputRejectedException(ReasonCode.INVALID_VALUE, path,
                        "Unknown value '%s' of '%s'; expected one of %s".formatted(symbol, path, schema.getEnumSymbols()));
            }
            symbol = upper;
        }
        return model.createEnum(symbol, schema);
    }

    private static int readInt(JsonNode node, FieldPath path) {
        if (!node.isNumber()) {
            throw wrongType(path, "an integer", node);
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new InputRejectedException(ReasonCode.INVALID_VALUE, path,
                    "Value %s of '%s' is not a 32-bit integer".formatted(node, path));
        }
        return node.intValue();
    }

    private static long readLong(JsonNode node, FieldPath path) {
        if (!node.isNumber()) {
            throw wrongType(path, "an integer", node);
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new InputRejectedException(ReasonCode.INVALID_VALUE, path,
                    "Value %s of '%s' is not a 64-bit integer".formatted(node, path));
        }
        return node.longValue();
    }

    private static double readDouble(JsonNode node, FieldPath path) {
        if (!node.isNumber()) {
            throw wrongType(path, "a number", node);
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            throw new InputRejectedException(ReasonCode.INVALID_VALUE, path,
                    "Value of '%s' is out of range for a double".formatted(path));
        }
        return value;
    }

    private static boolean readBoolean(JsonNode node, FieldPath path) {
        if (!node.isBoolean()) {
            throw wrongType(path, "true or false", node);
        }
        return node.booleanValue();
    }

    private static Instant readTimestamp(JsonNode node, FieldPath path) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return Instant.ofEpochMilli(node.longValue());
        }
        if (node.isTextual()) {
            try {
                return OffsetDateTime.parse(node.textValue(), TIMESTAMP).toInstant();
            } catch (DateTimeException e) {
                throw new InputRejectedException(ReasonCode.INVALID_VALUE, path,
                        "Timestamp '%s' of '%s' is not ISO-8601 with an offset, e.g. 2024-05-01T10:15:30+08:00"
                                .formatted(node.textValue(), path));
            }
        }
        if (node.isNumber()) {
            throw new InputRejectedException(ReasonCode.INVALID_VALUE, path,
                    "Timestamp %s of '%s' is not a whole number of epoch milliseconds".formatted(node, path));
        }
        throw wrongType(path, "an ISO-8601 timestamp string or epoch milliseconds", node);
    }

    private static LocalDate readDate(JsonNode node, FieldPath path) {
        if (!node.isTextual()) {
            throw wrongType(path, "a date string yyyy-MM-dd", node);
        }
        try {
            return LocalDate.parse(node.textValue(), DATE);
        } catch (DateTimeException e) {
            throw new InputRejectedException(ReasonCode.INVALID_VALUE, path,
                    "Date '%s' of '%s' is not yyyy-MM-dd".formatted(node.textValue(), path));
        }
    }

    private List<Object> readArray(JsonNode node, Schema schema, FieldPath path) {
        if (!node.isArray()) {
            throw wrongType(path, "an array", node);
        }
        List<Object> values = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            values.add(read(node.get(i), schema.getElementType(), FieldPath.element(path, i)));
        }
        return values;
    }

    private Map<String, Object> readMap(JsonNode node, Schema schema, FieldPath path) {
        if (!node.isObject()) {
            throw wrongType(path, "an object", node);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> entries = node.fields(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            values.put(entry.getKey(), read(entry.getValue(), schema.getValueType(), FieldPath.field(path, entry.getKey())));
        }
        return values;
    }

    private Object readFixed(JsonNode node, Schema schema, FieldPath path) {
        byte[] bytes = readBase64(node, path);
        if (bytes.length != schema.getFixedSize()) {
            throw new InputRejectedException(ReasonCode.INVALID_VALUE, path,
                    "Value of '%s' has %d bytes, expected %d".formatted(path, bytes.length, schema.getFixedSize()));
        }
        return model.createFixed(null, bytes, schema);
    }

    private static byte[] readBase64(JsonNode node, FieldPath path) {
        String text = readString(node, path);
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new InputRejectedException(ReasonCode.INVALID_VALUE, path, "Value of '" + path + "' is not base64");
        }
    }

    private static InputRejectedException wrongType(FieldPath path, String expected, JsonNode actual) {
        String where = path == null ? "The payload" : "'" + path + "'";
        return new InputRejectedException(ReasonCode.WRONG_TYPE, path,
                "%s must be %s, got %s".formatted(where, expected, describe(actual)));
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            case NULL, MISSING -> "null";
            case BINARY -> "binary";
        };
    }
}
