package org.opencdp.infra.trino;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;
import org.opencdp.platform.lakehouse.TableSpec;

/**
 * Trino file-based access control rules for the lakehouse: the template {@code rules.json} (catalog, schema, query
 * rules) completed with one rule per declared table and role. Analysts read every table with identifier tokens masked
 * and contact data denied; engineers see tokens; nobody reads clear contact data through SQL. Rules are first-match,
 * so the generated rules come before the template's catch-all rules.
 */
public final class AccessRules {
    /** What replaces an identifier token for analysts. */
    public static final String MASK = "****";
    /**
     * Top-level columns holding identifier tokens besides those named {@code token} or {@code *_token}: structs or
     * lists of tokens, and token or {@code TYPE:token} strings (component keys, anchors, conflict sides, marks, consent
     * subjects, share attribution).
     */
    public static final Set<String> IDENTIFIER_COLUMNS = Set.of("identifiers", "subject_identifiers", "left", "right",
            "left_values", "right_values", "sample_edges", "component_key", "anchor", "alias_anchor", "target", "subject", "shared_by");
    /** Fields inside identifier columns that identify nobody on their own and stay visible. */
    public static final Set<String> CLEAR_IDENTIFIER_FIELDS = Set.of("type", "verified", "phone_verified", "wechat_appid", "tokenization_key_id",
            "link_id", "rule");
    /** Columns that may hold clear contact data: the payload of a rejected record exactly as received, contact vault entries. */
    private static final Pattern CONTACT_COLUMN = Pattern.compile("original_payload|.*contact.*|phone|email|mobile|address");
    private static final String GENERATED_PLACEHOLDER = "${generated table rules";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String catalog;
    private final List<String> analysts;
    private final List<String> engineers;

    public AccessRules(String catalog, List<String> analysts, List<String> engineers) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.analysts = List.copyOf(analysts);
        this.engineers = List.copyOf(engineers);
    }

    /** The rules for {@code tables}, as the JSON document Trino's {@code security.config-file} reads. */
    public String toJson(List<TableSpec> tables) {
        requireNonNull(tables, "tables is null");
        ObjectNode root = template();
        ArrayNode templateTables = (ArrayNode) root.get("tables");
        ArrayNode tableRules = MAPPER.createArrayNode();
        for (JsonNode rule : templateTables) {
            if (rule.isTextual() && rule.asText().startsWith(GENERATED_PLACEHOLDER)) {
                for (TableSpec table : tables) {
                    tableRules.add(tableRule(table, engineers, false));
                    tableRules.add(tableRule(table, analysts, true));
                }
            }
            else {
                tableRules.add(rule);
            }
        }
        root.set("tables", tableRules);
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Trino mask expression of a column for analysts, if the column holds identifier tokens. */
    public static Optional<String> analystMask(NestedField column) {
        if (column.name().endsWith("_token") || column.name().equals("token")) {
            return column.type().typeId() == Type.TypeID.STRING ? Optional.of(maskString(quote(column.name()))) : Optional.empty();
        }
        if (!IDENTIFIER_COLUMNS.contains(column.name()) || !hasMaskedLeaf(column.type())) {
            return Optional.empty();
        }
        return Optional.of(mask(quote(column.name()), column.type(), 1));
    }

    /** Whether a column may hold clear contact data, which no role reads through SQL. */
    public static boolean isContactColumn(NestedField column) {
        return CONTACT_COLUMN.matcher(column.name()).matches();
    }

    private ObjectNode tableRule(TableSpec table, List<String> users, boolean analyst) {
        ObjectNode rule = MAPPER.createObjectNode();
        rule.put("user", userPattern(users));
        rule.put("catalog", catalog);
        rule.put("schema", table.identifier().namespace().level(0));
        rule.put("table", table.identifier().name());
        ArrayNode privileges = rule.putArray("privileges");
        if (analyst) {
            privileges.add("SELECT");
        }
        else {
            List.of("SELECT", "INSERT", "DELETE", "UPDATE", "OWNERSHIP").forEach(privileges::add);
        }
        ArrayNode columns = MAPPER.createArrayNode();
        for (NestedField column : table.schema().columns()) {
            if (isContactColumn(column)) {
                columns.addObject().put("name", column.name()).put("allow", false);
            }
            else if (analyst) {
                analystMask(column).ifPresent(mask -> columns.addObject().put("name", column.name()).put("mask", mask));
            }
        }
        if (!columns.isEmpty()) {
            rule.set("columns", columns);
        }
        return rule;
    }

    private ObjectNode template() {
        String text;
        try (InputStream in = AccessRules.class.getResourceAsStream("rules.json")) {
            text = new String(requireNonNull(in, "rules.json template is missing").readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        text = text.replace("${catalog}", catalog)
                .replace("${engineers}", userPattern(engineers))
                .replace("${analysts}", userPattern(analysts));
        try {
            return (ObjectNode) MAPPER.readTree(text);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("Malformed rules.json template", e);
        }
    }

    /**
     * A regular expression matching exactly these users (names are letters, digits and _, validated with the
     * configuration); one that matches nobody when there are none.
     */
    private static String userPattern(List<String> users) {
        return users.isEmpty() ? "(?!)" : String.join("|", users);
    }

    private static boolean hasMaskedLeaf(Type type) {
        return switch (type.typeId()) {
            case STRING -> true;
            case STRUCT -> type.asStructType().fields().stream()
                    .anyMatch(field -> !CLEAR_IDENTIFIER_FIELDS.contains(field.name()) && hasMaskedLeaf(field.type()));
            case LIST -> hasMaskedLeaf(type.asListType().elementType());
            case MAP -> hasMaskedLeaf(type.asMapType().valueType());
            default -> false;
        };
    }

    private static String mask(String expression, Type type, int depth) {
        return switch (type.typeId()) {
            case STRING -> maskString(expression);
            case STRUCT -> {
                Types.StructType struct = type.asStructType();
                String fields = struct.fields().stream()
                        .map(field -> CLEAR_IDENTIFIER_FIELDS.contains(field.name()) || !hasMaskedLeaf(field.type())
                                ? expression + "." + quote(field.name())
                                : mask(expression + "." + quote(field.name()), field.type(), depth))
                        .collect(Collectors.joining(", "));
                yield "if(" + expression + " IS NULL, NULL, CAST(ROW(" + fields + ") AS " + TrinoTypes.of(type) + "))";
            }
            case LIST -> {
                String element = "e" + depth;
                yield "transform(" + expression + ", " + element + " -> "
                        + mask(element, type.asListType().elementType(), depth + 1) + ")";
            }
            case MAP -> {
                String key = "k" + depth;
                String value = "v" + depth;
                yield "transform_values(" + expression + ", (" + key + ", " + value + ") -> "
                        + mask(value, type.asMapType().valueType(), depth + 1) + ")";
            }
            default -> expression;
        };
    }

    private static String maskString(String expression) {
        return "if(" + expression + " IS NULL, NULL, '" + MASK + "')";
    }

    static String quote(String name) {
        return "\"" + name.toLowerCase(Locale.ROOT).replace("\"", "\"\"") + "\"";
    }
}
