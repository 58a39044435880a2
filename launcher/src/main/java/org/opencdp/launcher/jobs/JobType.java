package org.opencdp.launcher.jobs;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A kind of job the server can run: its name on the API, the parameters it accepts and how they become the
 * arguments of a {@code cdp} subcommand. Jobs of one type run one at a time.
 */
public record JobType(String name, String description, List<JobParameter> parameters, Function<Map<String, String>, List<String>> arguments) {
    private static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    public JobType {
        requireNonNull(name, "name is null");
        if (!TYPE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Job type name must match " + TYPE_NAME + ": " + name);
        }
        requireNonNull(description, "description is null");
        parameters = List.copyOf(requireNonNull(parameters, "parameters is null"));
        requireNonNull(arguments, "arguments is null");
    }

    /** A job type that takes no parameters and always runs the same subcommand. */
    public static JobType fixed(String name, String description, List<String> arguments) {
        List<String> copy = List.copyOf(arguments);
        return new JobType(name, description, List.of(), params -> copy);
    }

    /**
     * The parameters with defaults filled in, in a stable order.
     *
     * @throws InvalidJobRequestException naming the parameter when one is unknown, missing or malformed
     */
    public Map<String, String> validate(Map<String, String> params) {
        requireNonNull(params, "params is null");
        Map<String, String> remaining = new TreeMap<>(params);
        Map<String, String> valid = new LinkedHashMap<>();
        for (JobParameter parameter : parameters) {
            String value = remaining.remove(parameter.name());
            if (value == null) {
                value = parameter.defaultValue().orElseThrow(() -> new InvalidJobRequestException(
                        "Job type " + name + " requires parameter '" + parameter.name() + "' (" + parameter.description() + ")"));
            }
            if (!parameter.pattern().matcher(value).matches()) {
                throw new InvalidJobRequestException("Invalid parameter '" + parameter.name() + "' of job type " + name
                        + ": '" + value + "' does not match " + parameter.pattern());
            }
            valid.put(parameter.name(), value);
        }
        if (!remaining.isEmpty()) {
            List<String> known = new ArrayList<>();
            parameters.forEach(parameter -> known.add(parameter.name()));
            throw new InvalidJobRequestException("Unknown parameter(s) " + remaining.keySet() + " for job type " + name
                    + "; it accepts " + (known.isEmpty() ? "none" : known));
        }
        return valid;
    }

    /** The {@code cdp} arguments of a job with already validated parameters. */
    public List<String> commandArguments(Map<String, String> validParams) {
        return List.copyOf(arguments.apply(validParams));
    }
}
