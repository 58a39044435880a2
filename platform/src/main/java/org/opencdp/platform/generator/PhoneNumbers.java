package org.opencdp.platform.generator;

import java.util.SplittableRandom;

/**
 * Mainland mobile numbers: unique numbers for persons, and the many ways clients and cashiers write them.
 */
final class PhoneNumbers
{
    /** What cashiers type for shoppers who have, or give, no phone. */
    static final String PLACEHOLDER = "13800000000";
    /** The phone QA staff use for every test profile. */
    static final String TEST_PHONE = "13912345678";

    // 138 and 139 are left out so no person can be given the placeholder or the test phone.
    private static final String[] PREFIXES = {"130", "131", "132", "133", "135", "136", "137", "150", "151", "152", "155", "157", "158", "159", "166", "177", "180", "182", "186", "187", "188", "189", "191", "199"};
    private static final long SUFFIX_SPACE = 100_000_000L;
    // odd and not a multiple of 5, so multiplying permutes the suffix space
    private static final long SCRAMBLE = 48_271_197L;

    private PhoneNumbers() {}

    /**
     * The slot-th unique phone number; distinct slots give distinct numbers while slot < 10^8. The seed
     * moves the whole numbering so different seeds give different numbers.
     */
    static String unique(long seed, long slot)
    {
        if (slot < 0 || slot >= SUFFIX_SPACE) {
            throw new IllegalArgumentException("phone slot out of range: " + slot);
        }
        long offset = Math.floorMod(seed, SUFFIX_SPACE);
        long suffix = Math.floorMod(slot * SCRAMBLE + offset, SUFFIX_SPACE);
        // the prefix depends on the slot only through the suffix, so uniqueness rests on the suffix
        String prefix = PREFIXES[(int) Math.floorMod(suffix * 31 + seed, PREFIXES.length)];
        return prefix + pad8(suffix);
    }

    /** Writes an 11-digit number the way some client or cashier would. */
    static String format(String digits, SplittableRandom random)
    {
        int style = random.nextInt(100);
        String a = digits.substring(0, 3);
        String b = digits.substring(3, 7);
        String c = digits.substring(7);
        if (style < 45) {
            return digits;
        }
        if (style < 55) {
            return "+86 " + a + "-" + b + "-" + c;
        }
        if (style < 63) {
            return "0086 " + digits;
        }
        if (style < 71) {
            return "86" + digits;
        }
        if (style < 79) {
            return "+86" + digits;
        }
        if (style < 87) {
            return a + " " + b + " " + c;
        }
        if (style < 94) {
            return a + "-" + b + "-" + c;
        }
        return "+86 " + digits;
    }

    /**
     * The normalisation the ingestion side applies: keep digits, and drop a leading 86 or 0086 only when
     * 11 digits starting with 1 remain.
     */
    static String normalise(String raw)
    {
        StringBuilder digits = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char ch = raw.charAt(i);
            if (ch >= '0' && ch <= '9') {
                digits.append(ch);
            }
        }
        String value = digits.toString();
        if (value.length() == 15 && value.startsWith("0086") && value.charAt(4) == '1') {
            return value.substring(4);
        }
        if (value.length() == 13 && value.startsWith("86") && value.charAt(2) == '1') {
            return value.substring(2);
        }
        return value;
    }

    private static String pad8(long value)
    {
        String text = Long.toString(value);
        return "00000000".substring(text.length()) + text;
    }
}
