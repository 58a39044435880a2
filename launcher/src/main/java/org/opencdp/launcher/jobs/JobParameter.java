package org.opencdp.launcher.jobs;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One parameter a job type accepts. Values are checked against a pattern before anything runs, so a
 * request can never smuggle an option or a path into the job's command line.
 */
public record JobParameter(String name, String description, Pattern pattern, Optional<String> defaultValue) {
    public static final Pattern POSITIVE_INTEGER = Pattern.compile("[0-9]{1,9}");
    public static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public JobParameter {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(pattern, "pattern is null");
        requireNonNull(defaultValue, "defaultValue is null");
        defaultValue.ifPresent(value -> {
            if (!pattern.matcher(value).matches()) {
                throw new IllegalArgumentException("Default of parameter " + name + " does not match " + pattern + ": " + value);
            }
        });
    }

    public static JobParameter required(String name, Pattern pattern, String description) {
        return new JobParameter(name, description, pattern, Optional.empty());
    }

    public static JobParameter optional(String name, Pattern pattern, String defaultValue, String description) {
        return new JobParameter(name, description, pattern, Optional.of(defaultValue));
    }

    public boolean required() {
        return defaultValue.isEmpty();
    }
}
