package org.opencdp.ingestion.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneNormalizerTest {
    @ParameterizedTest(name = "''{0}'' -> {1} (valid={2})")
    @CsvSource(delimiter = '|', textBlock = """
            +86 138-0013-8000  | 13800138000   | true
            0086 13800138000   | 13800138000   | true
            8613800138000      | 13800138000   | true
            13800138000        | 13800138000   | true
            (+86) 138 0013 8000| 13800138000   | true
            86123              | 86123         | false
            +1 415-555-0100    | +14155550100  | false
            021-6123-4567      | 02161234567   | false
            +86 21 6123 4567   | +862161234567 | false
            8623800138000      | 8623800138000 | false
            138001380001       | 138001380001  | false
            1380013800a        | 1380013800a   | false
            """)
    void normalisesMainlandMobilesAndKeepsEverythingElseAsWritten(String raw, String expected, boolean valid) {
        assertThat(PhoneNormalizer.normalize(raw)).isEqualTo(new NormalizedPhone(expected, valid));
    }
}
