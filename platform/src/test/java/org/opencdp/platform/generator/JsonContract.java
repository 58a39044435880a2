package org.opencdp.platform.generator;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a plain-JSON record against an Avro schema the way the generator promises to write it: field
 * names exactly the Avro names, required fields present, nullable fields either absent or a value,
 * timestamps as ISO-8601 with an offset, dates as yyyy-MM-dd, enums as a symbol.
 */
final class JsonContract
{
    private JsonContract() {}

    static List<String> problems(JsonNode value, Schema schema)
    {
        List<String> problems = new ArrayList<>();
        check(value, schema, "$", problems);
        return problems;
    }

    private static void check(JsonNode value, Schema schema, String path, List<String> problems)
    {
        LogicalType logical = schema.getLogicalType();
        switch (schema.getType()) {
            case RECORD -> {
                if (!value.isObject()) {
                    problems.add(path + " should be an object");
                    return;
                }
                for (Schema.Field field : schema.getFields()) {
                    JsonNode child = value.get(field.name());
                    if (child == null || child.isNull()) {
                        if (!field.hasDefaultValue() && !nullable(field.schema())) {
                            problems.add(path + "." + field.name() + " is required");
                        }
                        continue;
                    }
                    check(child, field.schema(), path + "." + field.name(), problems);
                }
                for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (schema.getField(name) == null) {
                        problems.add(path + "." + name + " is not a field of " + schema.getName());
                    }
                }
            }
            case UNION -> {
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() != Schema.Type.NULL) {
                        List<String> branchProblems = new ArrayList<>();
                        check(value, branch, path, branchProblems);
                        if (branchProblems.isEmpty()) {
                            return;
                        }
                    }
                }
                problems.add(path + " matches no branch of " + schema);
            }
            case STRING -> expect(value.isTextual(), path + " should be a string", problems);
            case BOOLEAN -> expect(value.isBoolean(), path + " should be a boolean", problems);
            case DOUBLE, FLOAT -> expect(value.isNumber(), path + " should be a number", problems);
            case INT -> {
                if (logical != null && logical.getName().equals("date")) {
                    expect(value.isTextual() && parsesAsDate(value.asText()), path + " should be a yyyy-MM-dd date", problems);
                }
                else {
                    expect(value.isInt(), path + " should be an int", problems);
                }
            }
            case LONG -> {
                if (logical != null && logical.getName().startsWith("timestamp")) {
                    expect(value.isTextual() && parsesAsTimestamp(value.asText()), path + " should be an ISO-8601 timestamp with offset", problems);
                }
                else {
                    expect(value.isIntegralNumber(), path + " should be an integer", problems);
                }
            }
            case ENUM -> expect(value.isTextual() && schema.getEnumSymbols().contains(value.asText()), path + " should be a symbol of " + schema.getName(), problems);
            case ARRAY -> {
                if (!value.isArray()) {
                    problems.add(path + " should be an array");
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(value.get(i), schema.getElementType(), path + "[" + i + "]", problems);
                }
            }
            case MAP -> {
                if (!value.isObject()) {
                    problems.add(path + " should be an object (map)");
                    return;
                }
                for (Iterator<Map.Entry<String, JsonNode>> entries = value.fields(); entries.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = entries.next();
                    check(entry.getValue(), schema.getValueType(), path + "." + entry.getKey(), problems);
                }
            }
            default -> problems.add(path + " has unsupported schema type " + schema.getType());
        }
    }

    private static boolean nullable(Schema schema)
    {
        return schema.getType() == Schema.Type.UNION && schema.getTypes().stream().anyMatch(branch -> branch.getType() == Schema.Type.NULL);
    }

    private static void expect(boolean condition, String problem, List<String> problems)
    {
        if (!condition) {
            problems.add(problem);
        }
    }

    private static boolean parsesAsTimestamp(String text)
    {
        try {
            OffsetDateTime.parse(text);
            return true;
        }
        catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean parsesAsDate(String text)
    {
        try {
            LocalDate.parse(text);
            return text.length() == 10;
        }
        catch (DateTimeParseException e) {
            return false;
        }
    }
}
