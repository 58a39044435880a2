package org.opencdp.identity.rules;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.opencdp.schemas.avro.IdentifierType;

/**
 * Clear identifier values that identify nobody: placeholders typed by cashiers, SDK defaults, all-zero
 * advertising ids. Tokens are keyed HMACs, so these must be caught on the clear value, before tokenization:
 * ingestion calls {@link #isBlocked} on the normalised value and skips the identifier. The exact values can
 * also be tokenized with the live key and configured as blocked tokens ({@link IdentityRules#withBlockedTokens}),
 * which protects data that was linked before a value was added here.
 */
public final class BlockedValues {
    private final Set<String> anyType;
    private final Map<IdentifierType, Set<String>> byType;
    private final List<Pattern> anyTypePatterns;
    private final Map<IdentifierType, List<Pattern>> patternsByType;

    BlockedValues(Set<String> anyType, Map<IdentifierType, Set<String>> byType, List<Pattern> anyTypePatterns, Map<IdentifierType, List<Pattern>> patternsByType) {
        this.anyType = Set.copyOf(anyType);
        this.byType = copy(byType);
        this.anyTypePatterns = List.copyOf(anyTypePatterns);
        this.patternsByType = copyPatterns(patternsByType);
    }

    public static BlockedValues none() {
        return new BlockedValues(Set.of(), Map.of(), List.of(), Map.of());
    }

    /**
     * True when the clear value must not be used as an identifier. Pass the value normalised the way ingestion
     * normalises it (11-digit phones, lower-case e-mail); comparison ignores case and surrounding blanks, and a
     * null or blank value is always blocked.
     */
    public boolean isBlocked(IdentifierType type, String clearValue) {
        requireNonNull(type, "type is null");
        if (clearValue == null || clearValue.isBlank()) {
            return true;
        }
        String value = clearValue.strip().toLowerCase(Locale.ROOT);
        if (anyType.contains(value) || byType.getOrDefault(type, Set.of()).contains(value)) {
            return true;
        }
        for (Pattern pattern : anyTypePatterns) {
            if (pattern.matcher(value).matches()) {
                return true;
            }
        }
        for (Pattern pattern : patternsByType.getOrDefault(type, List.of())) {
            if (pattern.matcher(value).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The exact values blocked for a type (type-specific and for every type), for tokenizing into blocked tokens. */
    public Set<String> exactValues(IdentifierType type) {
        Set<String> values = new HashSet<>(anyType);
        values.addAll(byType.getOrDefault(type, Set.of()));
        return Set.copyOf(values);
    }

    private static Map<IdentifierType, Set<String>> copy(Map<IdentifierType, Set<String>> source) {
        Map<IdentifierType, Set<String>> copy = new EnumMap<>(IdentifierType.class);
        source.forEach((type, values) -> copy.put(type, Set.copyOf(values)));
        return copy;
    }

    private static Map<IdentifierType, List<Pattern>> copyPatterns(Map<IdentifierType, List<Pattern>> source) {
        Map<IdentifierType, List<Pattern>> copy = new EnumMap<>(IdentifierType.class);
        source.forEach((type, patterns) -> copy.put(type, List.copyOf(new ArrayList<>(patterns))));
        return copy;
    }
}
