package org.opencdp.schemas.contract;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Backward-compatibility gate: a new schema must be able to read every record written with the
 * previously released one, so consumers can be upgraded before producers and old data in Kafka and
 * the raw tables stays readable. The released schemas live in {@code schemas/released/} as
 * self-contained JSON and are packaged under {@code avro-released/}.
 */
public final class CompatibilityGate {
    private static final String RELEASED_RESOURCE_DIR = "avro-released/";

    private CompatibilityGate() {}

    /** Problems that make {@code candidate} unable to read data written with {@code released}; empty when compatible. */
    public static List<String> backwardProblems(Schema released, Schema candidate) {
        requireNonNull(released, "released is null");
        requireNonNull(candidate, "candidate is null");
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(candidate, released);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            problems.add("%s at %s: %s".formatted(
                    incompatibility.getType(), fieldPath(candidate, incompatibility.getLocation()), incompatibility.getMessage()));
        }
        return List.copyOf(problems);
    }

    /**
     * Turns Avro's JSON-pointer location ({@code /fields/10/type}) into a field path
     * ({@code WebEvent.event_type}) a schema author can act on.
     */
    static String fieldPath(Schema reader, String location) {
        StringBuilder path = new StringBuilder(reader.getName());
        Schema current = reader;
        String[] steps = location.split("/");
        for (int i = 0; i < steps.length; i++) {
            if (steps[i].equals("fields") && i + 1 < steps.length && current.getType() == Schema.Type.RECORD) {
                int index = Integer.parseInt(steps[++i]);
                if (index >= current.getFields().size()) {
                    break;
                }
                Schema.Field field = current.getFields().get(index);
                path.append('.').append(field.name());
                current = field.schema();
            } else if (current.getType() == Schema.Type.UNION && steps[i].matches("\\d+")) {
                current = current.getTypes().get(Integer.parseInt(steps[i]));
            } else if (current.getType() == Schema.Type.ARRAY && steps[i].equals("items")) {
                current = current.getElementType();
            } else if (current.getType() == Schema.Type.MAP && steps[i].equals("values")) {
                current = current.getValueType();
            }
        }
        return path.toString();
    }

    /** The released schema of a contract, as packaged with this module. */
    public static Schema released(Contract contract) {
        String resource = RELEASED_RESOURCE_DIR + contract.schemaName() + ".avsc";
        try (InputStream in = CompatibilityGate.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No released schema for " + contract + " at " + resource);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read released schema " + resource, e);
        }
    }
}
