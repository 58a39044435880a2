package org.opencdp.identity.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencdp.schemas.avro.IdentifierType;

class BlockedValuesTest {
    private final BlockedValues blocked = IdentityRules.defaults().blockedValues();

    @ParameterizedTest(name = "{0} ''{1}'' blocked={2}")
    @CsvSource(delimiter = '|', textBlock = """
            PHONE            | ''                                   | true
            PHONE            | '   '                                | true
            MEMBER_CARD      | -1                                   | true
            MEMBER_CARD      | NULL                                 | true
            WEB_ANONYMOUS_ID | anonymous                            | true
            WEB_ANONYMOUS_ID | ' Anonymous '                        | true
            MEMBER_CARD      | 000000000                            | true
            IDFA             | 00000000-0000-0000-0000-000000000000 | true
            PHONE            | 13800000000                          | true
            PHONE            | 11111111111                          | true
            ANDROID_ID       | 9774d56d682e549c                     | true
            PHONE            | 13912345678                          | false
            MEMBER_CARD      | 1000234                              | false
            MEMBER_CARD      | 13800000000                          | false
            EMAIL            | a.null@example.com                   | false
            """)
    void blocksPlaceholdersOnTheClearValue(IdentifierType type, String value, boolean expected) {
        assertThat(blocked.isBlocked(type, value)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void nullIsBlockedAndExactValuesCanBeTokenized() {
        assertThat(blocked.isBlocked(IdentifierType.PHONE, null)).isTrue();
        assertThat(blocked.exactValues(IdentifierType.PHONE)).contains("13800000000", "-1", "anonymous");
        assertThat(blocked.exactValues(IdentifierType.EMAIL)).doesNotContain("13800000000");
    }
}
