package org.opencdp.identity.rules;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.opencdp.identity.edge.Identifier;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.schemas.avro.IdentifierType;

/**
 * The identity rules as configuration: per identifier type its strength, priority, per-member limit, whether it
 * is verifiable and recyclable; hub thresholds; the recycled-number silence; blocked tokens and blocked clear
 * values. Immutable. {@link #defaults()} reads {@code default-identity-rules.properties} next to this class,
 * which documents every key; {@link #load(Properties)} layers overrides on top of those defaults.
 */
public final class IdentityRules {
    public static final String DEFAULT_RESOURCE = "default-identity-rules.properties";

    private final Map<IdentifierType, TypeRule> types;
    private final int unverifiedPenalty;
    private final int defaultHubThreshold;
    private final Map<IdentifierType, Integer> hubThresholds;
    private final int hubSampleEdges;
    private final Duration recycleMinSilence;
    private final Set<IdentifierKey> blockedTokens;
    private final BlockedValues blockedValues;

    private IdentityRules(
            Map<IdentifierType, TypeRule> types,
            int unverifiedPenalty,
            int defaultHubThreshold,
            Map<IdentifierType, Integer> hubThresholds,
            int hubSampleEdges,
            Duration recycleMinSilence,
            Set<IdentifierKey> blockedTokens,
            BlockedValues blockedValues) {
        this.types = new EnumMap<>(types);
        for (IdentifierType type : IdentifierType.values()) {
            if (!this.types.containsKey(type)) {
                throw new InvalidRulesException("no rule for identifier type %s: set type.%s.strength".formatted(type, type));
            }
        }
        this.unverifiedPenalty = unverifiedPenalty;
        this.defaultHubThreshold = defaultHubThreshold;
        this.hubThresholds = hubThresholds.isEmpty() ? new EnumMap<>(IdentifierType.class) : new EnumMap<>(hubThresholds);
        this.hubSampleEdges = hubSampleEdges;
        this.recycleMinSilence = requireNonNull(recycleMinSilence, "recycleMinSilence is null");
        this.blockedTokens = Set.copyOf(blockedTokens);
        this.blockedValues = requireNonNull(blockedValues, "blockedValues is null");
    }

    /** The documented defaults. */
    public static IdentityRules defaults() {
        return load(new Properties());
    }

    /** Defaults overridden by the given properties; unknown keys and bad values fail with the key named. */
    public static IdentityRules load(Properties overrides) {
        requireNonNull(overrides, "overrides is null");
        Properties merged = defaultProperties();
        for (String key : overrides.stringPropertyNames()) {
            merged.setProperty(key, overrides.getProperty(key));
        }
        return parse(merged);
    }

    /** Defaults overridden by a properties file. */
    public static IdentityRules load(Path file) {
        requireNonNull(file, "file is null");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read identity rules from " + file, e);
        }
        return load(properties);
    }

    private static Properties defaultProperties() {
        Properties properties = new Properties();
        try (InputStream in = IdentityRules.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource %s is missing from the classpath".formatted(DEFAULT_RESOURCE));
            }
            properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
        }
        return properties;
    }

    private static IdentityRules parse(Properties properties) {
        Map<IdentifierType, Map<String, String>> typeSettings = new EnumMap<>(IdentifierType.class);
        Map<IdentifierType, Integer> hubThresholds = new EnumMap<>(IdentifierType.class);
        Set<IdentifierKey> blockedTokens = new HashSet<>();
        Set<String> blockedAny = new HashSet<>();
        Map<IdentifierType, Set<String>> blockedByType = new EnumMap<>(IdentifierType.class);
        List<Pattern> patternsAny = new ArrayList<>();
        Map<IdentifierType, List<Pattern>> patternsByType = new EnumMap<>(IdentifierType.class);
        Integer penalty = null;
        Integer hubDefault = null;
        Integer sampleEdges = null;
        Duration silence = null;

        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            String value = properties.getProperty(key).strip();
            String[] parts = key.split("\\.");
            switch (parts[0]) {
                case "type" -> {
                    if (parts.length != 3 || !Set.of("strength", "priority", "limit", "verifiable", "recyclable").contains(parts[2])) {
                        throw unknownKey(key);
                    }
                    typeSettings.computeIfAbsent(type(key, parts[1]), t -> new HashMap<>()).put(parts[2], value);
                }
                case "unverified" -> {
                    requireKey(key, "unverified.penalty");
                    penalty = nonNegativeInt(key, value);
                }
                case "hub" -> {
                    if (key.equals("hub.max-distinct-neighbours")) {
                        hubDefault = positiveInt(key, value);
                    }
                    else if (key.equals("hub.sample-edges")) {
                        sampleEdges = nonNegativeInt(key, value);
                    }
                    else if (key.startsWith("hub.max-distinct-neighbours.") && parts.length == 3) {
                        hubThresholds.put(type(key, parts[2]), positiveInt(key, value));
                    }
                    else {
                        throw unknownKey(key);
                    }
                }
                case "recycle" -> {
                    requireKey(key, "recycle.min-silence");
                    silence = duration(key, value);
                }
                case "blocked" -> {
                    if (parts.length == 3 && parts[1].equals("tokens")) {
                        IdentifierType type = type(key, parts[2]);
                        for (String token : list(value)) {
                            blockedTokens.add(IdentifierKey.of(type, token));
                        }
                    }
                    else if (key.equals("blocked.values")) {
                        list(value).forEach(v -> blockedAny.add(v.toLowerCase(Locale.ROOT)));
                    }
                    else if (parts.length == 3 && parts[1].equals("values")) {
                        Set<String> values = blockedByType.computeIfAbsent(type(key, parts[2]), t -> new HashSet<>());
                        list(value).forEach(v -> values.add(v.toLowerCase(Locale.ROOT)));
                    }
                    else if (key.equals("blocked.patterns")) {
                        list(value).forEach(v -> patternsAny.add(pattern(key, v)));
                    }
                    else if (parts.length == 3 && parts[1].equals("patterns")) {
                        List<Pattern> patterns = patternsByType.computeIfAbsent(type(key, parts[2]), t -> new ArrayList<>());
                        list(value).forEach(v -> patterns.add(pattern(key, v)));
                    }
                    else {
                        throw unknownKey(key);
                    }
                }
                default -> throw unknownKey(key);
            }
        }

        Map<IdentifierType, TypeRule> types = new EnumMap<>(IdentifierType.class);
        typeSettings.forEach((type, settings) -> types.put(type, typeRule(type, settings)));
        return new IdentityRules(
                types,
                required("unverified.penalty", penalty),
                required("hub.max-distinct-neighbours", hubDefault),
                hubThresholds,
                required("hub.sample-edges", sampleEdges),
                required("recycle.min-silence", silence),
                blockedTokens,
                new BlockedValues(blockedAny, blockedByType, patternsAny, patternsByType));
    }

    private static TypeRule typeRule(IdentifierType type, Map<String, String> settings) {
        String prefix = "type." + type.name() + ".";
        String strengthValue = settings.get("strength");
        if (strengthValue == null) {
            throw new InvalidRulesException("%sstrength is missing: set STRONG, WEAK or IGNORED".formatted(prefix));
        }
        Strength strength;
        try {
            strength = Strength.valueOf(strengthValue.toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            throw new InvalidRulesException("%sstrength is '%s', expected one of %s".formatted(prefix, strengthValue, Arrays.toString(Strength.values())));
        }
        int priority = settings.containsKey("priority") ? nonNegativeInt(prefix + "priority", settings.get("priority")) : 100;
        int limit = settings.containsKey("limit") ? nonNegativeInt(prefix + "limit", settings.get("limit")) : 0;
        boolean verifiable = bool(prefix + "verifiable", settings.getOrDefault("verifiable", "false"));
        boolean recyclable = bool(prefix + "recyclable", settings.getOrDefault("recyclable", "false"));
        return new TypeRule(type, strength, priority, limit, verifiable, recyclable);
    }

    /** A copy with more blocked tokens, e.g. the live key's tokens of {@link BlockedValues#exactValues}. */
    public IdentityRules withBlockedTokens(Collection<IdentifierKey> tokens) {
        Set<IdentifierKey> all = new HashSet<>(blockedTokens);
        all.addAll(tokens);
        return new IdentityRules(types, unverifiedPenalty, defaultHubThreshold, hubThresholds, hubSampleEdges, recycleMinSilence, all, blockedValues);
    }

    /** A copy with one type's rule replaced. */
    public IdentityRules withTypeRule(TypeRule rule) {
        Map<IdentifierType, TypeRule> copy = new EnumMap<>(types);
        copy.put(rule.type(), rule);
        return new IdentityRules(copy, unverifiedPenalty, defaultHubThreshold, hubThresholds, hubSampleEdges, recycleMinSilence, blockedTokens, blockedValues);
    }

    public TypeRule rule(IdentifierType type) {
        return types.get(requireNonNull(type, "type is null"));
    }

    public Strength strength(IdentifierType type) {
        return rule(type).strength();
    }

    public boolean isStrong(IdentifierType type) {
        return strength(type) == Strength.STRONG;
    }

    /** Priority of one observation: the type's priority, plus the penalty when a verifiable value was not verified. */
    public int effectivePriority(Identifier identifier) {
        TypeRule rule = rule(identifier.type());
        return rule.verifiable() && !identifier.verified() ? rule.priority() + unverifiedPenalty : rule.priority();
    }

    /** Most distinct neighbours of {@code neighbourType} an identifier may have before it is a hub. */
    public int hubThreshold(IdentifierType neighbourType) {
        return hubThresholds.getOrDefault(neighbourType, defaultHubThreshold);
    }

    public int hubSampleEdges() {
        return hubSampleEdges;
    }

    public int unverifiedPenalty() {
        return unverifiedPenalty;
    }

    public Duration recycleMinSilence() {
        return recycleMinSilence;
    }

    public boolean isBlocked(IdentifierKey key) {
        return blockedTokens.contains(key);
    }

    public Set<IdentifierKey> blockedTokens() {
        return blockedTokens;
    }

    public BlockedValues blockedValues() {
        return blockedValues;
    }

    /** Limited types in a fixed order (by name), so the first violated limit reported is deterministic. */
    public List<TypeRule> limitedTypes() {
        return types.values().stream()
                .filter(TypeRule::limited)
                .sorted(java.util.Comparator.comparing(rule -> rule.type().name()))
                .toList();
    }

    private static IdentifierType type(String key, String name) {
        try {
            return IdentifierType.valueOf(name);
        }
        catch (IllegalArgumentException e) {
            throw new InvalidRulesException("key %s names unknown identifier type '%s'; known: %s".formatted(key, name, Arrays.toString(IdentifierType.values())));
        }
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    private static Pattern pattern(String key, String regex) {
        try {
            return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        }
        catch (PatternSyntaxException e) {
            throw new InvalidRulesException("%s has an invalid pattern '%s': %s".formatted(key, regex, e.getDescription()), e);
        }
    }

    private static int nonNegativeInt(String key, String value) {
        int parsed = integer(key, value);
        if (parsed < 0) {
            throw new InvalidRulesException("%s must be >= 0, got %s".formatted(key, value));
        }
        return parsed;
    }

    private static int positiveInt(String key, String value) {
        int parsed = integer(key, value);
        if (parsed <= 0) {
            throw new InvalidRulesException("%s must be > 0, got %s".formatted(key, value));
        }
        return parsed;
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value);
        }
        catch (NumberFormatException e) {
            throw new InvalidRulesException("%s must be an integer, got '%s'".formatted(key, value), e);
        }
    }

    private static boolean bool(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidRulesException("%s must be true or false, got '%s'".formatted(key, value));
        };
    }

    private static Duration duration(String key, String value) {
        try {
            Duration duration = Duration.parse(value);
            if (duration.isNegative()) {
                throw new InvalidRulesException("%s must not be negative, got %s".formatted(key, value));
            }
            return duration;
        }
        catch (DateTimeParseException e) {
            throw new InvalidRulesException("%s must be an ISO-8601 duration such as P90D, got '%s'".formatted(key, value), e);
        }
    }

    private static void requireKey(String key, String expected) {
        if (!key.equals(expected)) {
            throw unknownKey(key);
        }
    }

    private static <T> T required(String key, T value) {
        if (value == null) {
            throw new InvalidRulesException(key + " is missing");
        }
        return value;
    }

    private static InvalidRulesException unknownKey(String key) {
        return new InvalidRulesException("unknown identity rules key '%s'; see %s for the keys".formatted(key, DEFAULT_RESOURCE));
    }
}
