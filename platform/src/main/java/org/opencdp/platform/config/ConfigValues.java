package org.opencdp.platform.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Raw configuration values with the place each one came from, and the typed readers that turn them into
 * settings. Every error names the key and its origin, so the user knows which line or variable to fix.
 */
final class ConfigValues {
    static final String MASK = "****";

    private final Map<String, Value> values;

    ConfigValues(Map<String, Value> values) {
        this.values = Map.copyOf(requireNonNull(values, "values is null"));
    }

    Optional<Value> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    Map<String, Value> all() {
        return values;
    }

    String string(String key, String defaultValue) {
        return value(key).map(Value::text).orElse(defaultValue);
    }

    /** The value when set and not blank. */
    Optional<String> optionalString(String key) {
        return value(key).map(Value::text).filter(text -> !text.isBlank());
    }

    String requiredString(String key, String why) {
        return optionalString(key).orElseThrow(() -> new InvalidConfigException(
                "Missing configuration " + key + " (" + why + "); set it in the configuration file or as "
                        + CdpProperties.environmentVariable(key)));
    }

    int integer(String key, int defaultValue, int min, int max) {
        Optional<Value> value = value(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.get().text().strip());
        }
        catch (NumberFormatException e) {
            throw invalid(value.get(), "an integer");
        }
        if (parsed < min || parsed > max) {
            throw invalid(value.get(), "an integer from " + min + " to " + max);
        }
        return parsed;
    }

    int port(String key, int defaultValue) {
        return integer(key, defaultValue, 0, 65535);
    }

    Duration duration(String key, String defaultValue) {
        Value value = value(key).orElse(new Value(key, defaultValue, "default"));
        try {
            return Durations.parse(value.text());
        } catch (IllegalArgumentException e) {
            throw invalid(value, "a duration such as 500ms, 10s, 5m, 1h or PT10S");
        }
    }

    Optional<byte[]> base64(String key, int minBytes) {
        Optional<Value> value = value(key).filter(v -> !v.text().isBlank());
        if (value.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value.get().text().strip());
        }
        catch (IllegalArgumentException e) {
            throw new InvalidConfigException("Invalid " + key + " from " + value.get().origin()
                    + ": expected base64 text (the value is not shown: it is a secret)");
        }
        if (bytes.length < minBytes) {
            throw new InvalidConfigException("Invalid " + key + " from " + value.get().origin()
                    + ": the key has " + bytes.length + " bytes, at least " + minBytes + " are needed");
        }
        return Optional.of(bytes);
    }

    static InvalidConfigException invalid(Value value, String expected) {
        String shown = CdpProperties.isSecret(value.key()) ? MASK : "'" + value.text() + "'";
        return new InvalidConfigException("Invalid " + value.key() + " " + shown + " from " + value.origin()
                + ": expected " + expected);
    }

    static void checkPort(String key, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(key + " must be a port from 0 to 65535: " + port);
        }
    }

    /** One raw value; {@code origin} says where it was set, e.g. {@code environment CDP_HOME}. */
    record Value(String key, String text, String origin) {
        Value {
            requireNonNull(key, "key is null");
            requireNonNull(text, "text is null");
            requireNonNull(origin, "origin is null");
        }
    }
}
