package org.opencdp.schemas.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CompatibilityGateTest {

    @ParameterizedTest
    @EnumSource(Contract.class)
    void currentSchemaReadsEverythingWrittenWithTheReleasedOne(Contract contract) {
        assertThat(CompatibilityGate.backwardProblems(CompatibilityGate.released(contract), contract.schema()))
                .as("backward compatibility of %s with its released schema", contract)
                .isEmpty();
    }

    @Test
    void gateRejectsAnIncompatibleChange() throws IOException {
        // adds a required field without a default and turns event_type into an int
        Schema incompatible = testSchema("incompatible/WebEvent.avsc");

        assertThat(CompatibilityGate.backwardProblems(CompatibilityGate.released(Contract.WEB_EVENT), incompatible))
                .anySatisfy(problem -> assertThat(problem).contains("READER_FIELD_MISSING_DEFAULT").contains("loyalty_tier"))
                .anySatisfy(problem -> assertThat(problem).contains("TYPE_MISMATCH").contains("event_type"));
    }

    @Test
    void gateAcceptsAnOptionalFieldWithADefault() throws IOException {
        Schema evolved = testSchema("compatible/WebEvent.avsc");

        assertThat(CompatibilityGate.backwardProblems(CompatibilityGate.released(Contract.WEB_EVENT), evolved)).isEmpty();
    }

    private static Schema testSchema(String resource) throws IOException {
        try (InputStream in = CompatibilityGateTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new Schema.Parser().parse(in);
        }
    }
}
