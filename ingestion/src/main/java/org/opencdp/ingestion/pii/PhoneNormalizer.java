package org.opencdp.ingestion.pii;

import static java.util.Objects.requireNonNull;

/**
 * Brings the many ways a mainland mobile number is written ({@code +86 138-0013-8000}, {@code 0086 13800138000},
 * {@code 8613800138000}) to its 11 digits, so the same person gets the same token from every channel. A country
 * prefix is stripped only when an 11-digit number starting with 1 remains; anything else (foreign numbers,
 * landlines, typos) is kept as written without separators and marked invalid, never guessed at.
 */
public final class PhoneNormalizer {
    private PhoneNormalizer() {}

    public static NormalizedPhone normalize(String raw) {
        requireNonNull(raw, "raw is null");
        String compact = stripSeparators(raw);
        if (isMainlandMobile(compact)) {
            return new NormalizedPhone(compact, true);
        }
        for (String prefix : new String[] {"+86", "0086", "86"}) {
            if (compact.startsWith(prefix)) {
                String national = compact.substring(prefix.length());
                if (isMainlandMobile(national)) {
                    return new NormalizedPhone(national, true);
                }
            }
        }
        return new NormalizedPhone(compact, false);
    }

    private static String stripSeparators(String raw) {
        StringBuilder builder = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '\u00a0' && c != '\t') {
                builder.append(c);
            }
        }
        return builder.toString();
    }

    private static boolean isMainlandMobile(String digits) {
        if (digits.length() != 11 || digits.charAt(0) != '1') {
            return false;
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
