package org.opencdp.infra.trino;

import java.util.stream.Collectors;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** The Trino SQL type the iceberg connector gives an Iceberg type, for casts in mask expressions. */
final class TrinoTypes {
    private TrinoTypes() {}

    static String of(Type type) {
        return switch (type.typeId()) {
            case BOOLEAN -> "boolean";
            case INTEGER -> "integer";
            case LONG -> "bigint";
            case FLOAT -> "real";
            case DOUBLE -> "double";
            case DATE -> "date";
            case TIME -> "time(6)";
            case TIMESTAMP -> ((Types.TimestampType) type).shouldAdjustToUTC() ? "timestamp(6) with time zone" : "timestamp(6)";
            case STRING -> "varchar";
            case UUID -> "uuid";
            case FIXED, BINARY -> "varbinary";
            case DECIMAL -> "decimal(%d, %d)".formatted(((Types.DecimalType) type).precision(), ((Types.DecimalType) type).scale());
            case LIST -> "array(" + of(type.asListType().elementType()) + ")";
            case MAP -> "map(" + of(type.asMapType().keyType()) + ", " + of(type.asMapType().valueType()) + ")";
            case STRUCT -> type.asStructType().fields().stream()
                    .map(field -> AccessRules.quote(field.name()) + " " + of(field.type()))
                    .collect(Collectors.joining(", ", "row(", ")"));
            default -> throw new IllegalArgumentException("No Trino type for Iceberg type " + type);
        };
    }
}
