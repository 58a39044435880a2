package org.opencdp.schemas.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EnvelopeContractTest {

    @Test
    void everyEventStartsWithTheSameEnvelope() {
        Schema reference = Contract.WEB_EVENT.schema();
        for (Contract contract : Contract.events()) {
            List<Schema.Field> fields = contract.schema().getFields();
            assertThat(fields.stream().limit(Envelope.FIELDS.size()).map(Schema.Field::name).toList())
                    .as("envelope of %s", contract)
                    .isEqualTo(Envelope.FIELDS);
            for (String name : Envelope.FIELDS) {
                if (name.equals(Envelope.SOURCE)) {
                    // the default source differs per event type; the type must not
                    assertThat(contract.schema().getField(name).schema()).isEqualTo(reference.getField(name).schema());
                    continue;
                }
                assertThat(contract.schema().getField(name))
                        .as("%s.%s", contract, name)
                        .isEqualTo(reference.getField(name));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Contract.class)
    void everyFieldIsDocumented(Contract contract) {
        assertThat(undocumented(contract.schema(), contract.schemaName())).isEmpty();
    }

    @Test
    void topicsAndSourceNamesAreUnique() {
        assertThat(Contract.values()).extracting(Contract::topic).doesNotHaveDuplicates();
        assertThat(Contract.values()).extracting(Contract::sourceName).doesNotHaveDuplicates();
        assertThat(Contract.bySourceName("mini_program")).contains(Contract.MINI_PROGRAM_EVENT);
    }

    private static Map<String, String> undocumented(Schema schema, String path) {
        return switch (schema.getType()) {
            case RECORD -> schema.getFields().stream()
                    .flatMap(field -> {
                        String fieldPath = path + "." + field.name();
                        Map<String, String> nested = undocumented(field.schema(), fieldPath);
                        if (field.doc() == null || field.doc().isBlank()) {
                            return java.util.stream.Stream.concat(
                                    java.util.stream.Stream.of(Map.entry(fieldPath, "no doc")), nested.entrySet().stream());
                        }
                        return nested.entrySet().stream();
                    })
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a));
            case UNION -> schema.getTypes().stream()
                    .flatMap(branch -> undocumented(branch, path).entrySet().stream())
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a));
            case ARRAY -> undocumented(schema.getElementType(), path + "[]");
            case MAP -> undocumented(schema.getValueType(), path + "{}");
            default -> Map.of();
        };
    }
}
