package org.opencdp.platform.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.SchemaBuilder;
import org.apache.iceberg.Schema;
import org.apache.iceberg.avro.AvroSchemaUtil;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;
import org.junit.jupiter.api.Test;
import org.opencdp.schemas.contract.Contract;

class AvroToIcebergSchemaTest {
    private static final org.apache.avro.Schema TIMESTAMP_MILLIS =
            LogicalTypes.timestampMillis().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG));
    private static final org.apache.avro.Schema TIMESTAMP_MICROS =
            LogicalTypes.timestampMicros().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG));
    private static final org.apache.avro.Schema DATE =
            LogicalTypes.date().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT));

    @Test
    void primitivesMapToTheirIcebergTypesAndNonNullFieldsAreRequired() {
        org.apache.avro.Schema record = SchemaBuilder.record("Primitives").fields()
                .name("a_string").doc("A string.").type().stringType().noDefault()
                .name("an_enum").type().enumeration("Channel").symbols("WEB", "POS").noDefault()
                .name("an_int").type().intType().noDefault()
                .name("a_long").type().longType().noDefault()
                .name("a_float").type().floatType().noDefault()
                .name("a_double").type().doubleType().noDefault()
                .name("a_boolean").type().booleanType().noDefault()
                .name("some_bytes").type().bytesType().noDefault()
                .name("millis").type(TIMESTAMP_MILLIS).noDefault()
                .name("micros").type(TIMESTAMP_MICROS).noDefault()
                .name("a_date").type(DATE).noDefault()
                .endRecord();

        assertThat(AvroToIcebergSchema.convert(record).asStruct()).isEqualTo(Types.StructType.of(
                NestedField.required(1, "a_string", Types.StringType.get(), "A string."),
                NestedField.required(2, "an_enum", Types.StringType.get()),
                NestedField.required(3, "an_int", Types.IntegerType.get()),
                NestedField.required(4, "a_long", Types.LongType.get()),
                NestedField.required(5, "a_float", Types.FloatType.get()),
                NestedField.required(6, "a_double", Types.DoubleType.get()),
                NestedField.required(7, "a_boolean", Types.BooleanType.get()),
                NestedField.required(8, "some_bytes", Types.BinaryType.get()),
                NestedField.required(9, "millis", Types.TimestampType.withZone()),
                NestedField.required(10, "micros", Types.TimestampType.withZone()),
                NestedField.required(11, "a_date", Types.DateType.get())));
    }

    @Test
    void aUnionWithNullIsOptionalWhicheverSideNullIsOn() {
        org.apache.avro.Schema record = SchemaBuilder.record("Optionals").fields()
                .name("null_first").doc("Null first.").type().unionOf().nullType().and().stringType().endUnion().noDefault()
                .name("null_last").type().unionOf().longType().and().nullType().endUnion().noDefault()
                .name("optional_time").type(org.apache.avro.Schema.createUnion(
                        org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL), TIMESTAMP_MILLIS)).noDefault()
                .endRecord();

        assertThat(AvroToIcebergSchema.convert(record).asStruct()).isEqualTo(Types.StructType.of(
                NestedField.optional(1, "null_first", Types.StringType.get(), "Null first."),
                NestedField.optional(2, "null_last", Types.LongType.get()),
                NestedField.optional(3, "optional_time", Types.TimestampType.withZone())));
    }

    @Test
    void recordsArraysAndMapsNestWithIdsNumberedLevelByLevel() {
        org.apache.avro.Schema lineItem = SchemaBuilder.record("LineItem").fields()
                .name("sku").doc("Product code.").type().stringType().noDefault()
                .name("quantity").type().intType().noDefault()
                .endRecord();
        org.apache.avro.Schema record = SchemaBuilder.record("Order").fields()
                .name("order_id").type().stringType().noDefault()
                .name("items").doc("Lines of the order.").type().array().items(lineItem).noDefault()
                .name("tags").type().array().items().unionOf().nullType().and().stringType().endUnion().noDefault()
                .name("properties").type().map().values().stringType().noDefault()
                .name("counters").type().optional().map().values().unionOf().nullType().and().longType().endUnion()
                .name("store").type().optional().record("Store").fields()
                        .name("store_id").type().stringType().noDefault()
                        .name("opened").type().optional().type(DATE)
                        .endRecord()
                .endRecord();

        Schema schema = AvroToIcebergSchema.convert(record);

        // the top level is numbered first, then each column's nested types in column order
        assertThat(schema.asStruct()).isEqualTo(Types.StructType.of(
                NestedField.required(1, "order_id", Types.StringType.get()),
                NestedField.required(2, "items", Types.ListType.ofRequired(7, Types.StructType.of(
                        NestedField.required(8, "sku", Types.StringType.get(), "Product code."),
                        NestedField.required(9, "quantity", Types.IntegerType.get()))), "Lines of the order."),
                NestedField.required(3, "tags", Types.ListType.ofOptional(10, Types.StringType.get())),
                NestedField.required(4, "properties", Types.MapType.ofRequired(11, 12, Types.StringType.get(), Types.StringType.get())),
                NestedField.optional(5, "counters", Types.MapType.ofOptional(13, 14, Types.StringType.get(), Types.LongType.get())),
                NestedField.optional(6, "store", Types.StructType.of(
                        NestedField.required(15, "store_id", Types.StringType.get()),
                        NestedField.optional(16, "opened", Types.DateType.get())))));
        assertThat(schema.highestFieldId()).isEqualTo(TypeUtil.indexById(schema.asStruct()).size());
    }

    @Test
    void convertingTwiceGivesTheSameSchema() {
        for (Contract contract : Contract.values()) {
            assertThat(AvroToIcebergSchema.convert(contract.schema()).asStruct())
                    .as(contract.name())
                    .isEqualTo(AvroToIcebergSchema.convert(contract.schema()).asStruct());
        }
    }

    @Test
    void everyContractConvertsAsIcebergsOwnAvroConversionWithUtcTimestamps() {
        // Tables already written were created from Iceberg's conversion: ids, names, docs and types must match.
        for (Contract contract : Contract.values()) {
            Schema reference = TypeUtil.assignIncreasingFreshIds(
                    new Schema(withZone(AvroSchemaUtil.toIceberg(contract.schema()).asStruct()).fields()));

            assertThat(AvroToIcebergSchema.convert(contract.schema()).asStruct())
                    .as(contract.name())
                    .isEqualTo(reference.asStruct());
        }
    }

    @Test
    void rejectsWhatHasNoColumnShape() {
        assertThatThrownBy(() -> AvroToIcebergSchema.convert(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Only an Avro record converts to an Iceberg schema, got STRING");

        org.apache.avro.Schema twoTypes = SchemaBuilder.record("Choice").fields()
                .name("value").type().unionOf().stringType().and().longType().endUnion().noDefault()
                .endRecord();
        assertThatThrownBy(() -> AvroToIcebergSchema.convert(twoTypes))
                .hasMessageContaining("Unsupported Avro union at Choice.value");

        org.apache.avro.Schema fixed = SchemaBuilder.record("Hash").fields()
                .name("sha").type().fixed("Sha256").size(32).noDefault()
                .endRecord();
        assertThatThrownBy(() -> AvroToIcebergSchema.convert(fixed))
                .hasMessageContaining("Unsupported Avro type FIXED at Hash.sha");

        org.apache.avro.Schema decimal = SchemaBuilder.record("Price").fields()
                .name("amount").type(LogicalTypes.decimal(10, 2).addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES))).noDefault()
                .endRecord();
        assertThatThrownBy(() -> AvroToIcebergSchema.convert(decimal))
                .hasMessageContaining("Unsupported Avro logical type 'decimal' at Price.amount");

        org.apache.avro.Schema recursive = new org.apache.avro.Schema.Parser().parse("""
                {"type": "record", "name": "Node", "fields": [
                  {"name": "children", "type": {"type": "array", "items": "Node"}}]}
                """);
        assertThatThrownBy(() -> AvroToIcebergSchema.convert(recursive))
                .hasMessageContaining("Recursive Avro record Node at Node.children.element");
    }

    private static Types.StructType withZone(Types.StructType struct) {
        List<NestedField> fields = new ArrayList<>();
        for (NestedField field : struct.fields()) {
            fields.add(NestedField.of(field.fieldId(), field.isOptional(), field.name(), withZone(field.type()), field.doc()));
        }
        return Types.StructType.of(fields);
    }

    private static Type withZone(Type type) {
        return switch (type.typeId()) {
            case TIMESTAMP -> Types.TimestampType.withZone();
            case STRUCT -> withZone(type.asStructType());
            case LIST -> type.asListType().isElementOptional()
                    ? Types.ListType.ofOptional(type.asListType().elementId(), withZone(type.asListType().elementType()))
                    : Types.ListType.ofRequired(type.asListType().elementId(), withZone(type.asListType().elementType()));
            case MAP -> type.asMapType().isValueOptional()
                    ? Types.MapType.ofOptional(type.asMapType().keyId(), type.asMapType().valueId(),
                            type.asMapType().keyType(), withZone(type.asMapType().valueType()))
                    : Types.MapType.ofRequired(type.asMapType().keyId(), type.asMapType().valueId(),
                            type.asMapType().keyType(), withZone(type.asMapType().valueType()));
            default -> type;
        };
    }
}
