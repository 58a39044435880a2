package org.opencdp.platform.generator;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class TestPhoneNumbers
{
    @Test
    void everyClientFormatNormalisesBackToElevenDigits()
    {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 2000; i++) {
            String number = PhoneNumbers.unique(42, i);
            assertThat(number).matches("1\\d{10}");
            assertThat(PhoneNumbers.normalise(PhoneNumbers.format(number, random))).isEqualTo(number);
        }
        assertThat(PhoneNumbers.normalise("+86 138-0013-8000")).isEqualTo("13800138000");
        assertThat(PhoneNumbers.normalise("0086 13800138000")).isEqualTo("13800138000");
        assertThat(PhoneNumbers.normalise("8613800138000")).isEqualTo("13800138000");
    }

    @Test
    void uniqueNumbersAreUniqueAndNeverThePlaceholderOrTheTestPhone()
    {
        Set<String> numbers = new HashSet<>();
        for (int slot = 0; slot < 300_000; slot++) {
            assertThat(numbers.add(PhoneNumbers.unique(7, slot))).isTrue();
        }
        assertThat(numbers).doesNotContain(PhoneNumbers.PLACEHOLDER, PhoneNumbers.TEST_PHONE);
    }
}
