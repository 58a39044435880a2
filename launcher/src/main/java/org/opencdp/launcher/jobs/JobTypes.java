package org.opencdp.launcher.jobs;

import static java.util.Objects.requireNonNull;
import static org.opencdp.launcher.jobs.JobParameter.INTEGER;
import static org.opencdp.launcher.jobs.JobParameter.NAME;
import static org.opencdp.launcher.jobs.JobParameter.POSITIVE_INTEGER;
import static org.opencdp.launcher.jobs.JobParameter.optional;
import static org.opencdp.launcher.jobs.JobParameter.required;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalogue of job types the server accepts. Each maps to a {@code cdp} subcommand run in its own
 * process; a new batch job becomes available to Airflow by adding one entry here.
 */
public final class JobTypes {
    /** Generated files of {@code generate} jobs go below this folder of the CDP home, never elsewhere. */
    public static final String GENERATED_DIRECTORY = "generated";

    private final Map<String, JobType> byName;
    private final List<JobType> ordered;

    public JobTypes(Collection<JobType> types) {
        requireNonNull(types, "types is null");
        Map<String, JobType> map = new LinkedHashMap<>();
        for (JobType type : types) {
            if (map.put(type.name(), type) != null) {
                throw new IllegalArgumentException("Duplicate job type: " + type.name());
            }
        }
        this.byName = Map.copyOf(map);
        this.ordered = List.copyOf(map.values());
    }

    /** The job types of the platform, for a CDP home (generated data stays below it). */
    public static JobTypes standard(Path home) {
        requireNonNull(home, "home is null");
        return new JobTypes(List.of(
                JobType.fixed("lakehouse-init",
                        "Create missing namespaces and tables and evolve existing ones (cdp lakehouse init).",
                        List.of("lakehouse", "init", "--metrics-line")),
                JobType.fixed("stream-raw-ingest",
                        "Kafka to the raw Iceberg tables, exactly once, until cancelled (cdp stream raw-ingest).",
                        List.of("stream", "raw-ingest")),
                new JobType("identity-run",
                        "Resolve identities from identity.links into the member graph (cdp identity run --full|--incremental).",
                        List.of(optional("mode", java.util.regex.Pattern.compile("full|incremental"), "incremental",
                                "incremental recomputes what new links can change (the first run is full); full recomputes everything")),
                        params -> List.of("identity", "run", "--" + params.get("mode"))),
                JobType.fixed("lakehouse-tables",
                        "List tables with row counts and snapshot ids (cdp lakehouse tables).",
                        List.of("lakehouse", "tables")),
                new JobType("quickstart",
                        "Generate data and run it through the embedded pipeline into the raw tables (cdp quickstart).",
                        List.of(optional("members", POSITIVE_INTEGER, "10000", "number of people to generate"),
                                optional("seed", INTEGER, "42", "generator seed")),
                        params -> List.of("quickstart", "--members", params.get("members"), "--seed", params.get("seed"))),
                new JobType("generate",
                        "Generate synthetic OMO files into <home>/" + GENERATED_DIRECTORY + "/<dataset> (cdp generate).",
                        List.of(required("members", POSITIVE_INTEGER, "number of people to generate"),
                                optional("seed", INTEGER, "42", "generator seed"),
                                required("dataset", NAME, "folder name below <home>/" + GENERATED_DIRECTORY)),
                        params -> List.of("generate", "--members", params.get("members"), "--seed", params.get("seed"),
                                "--out", home.resolve(GENERATED_DIRECTORY).resolve(params.get("dataset")).toString()))));
    }

    public Optional<JobType> find(String name) {
        return Optional.ofNullable(byName.get(requireNonNull(name, "name is null")));
    }

    public JobType require(String name) {
        return find(name).orElseThrow(() -> new InvalidJobRequestException(
                "Unknown job type '" + name + "'; known types: " + String.join(", ", byName.keySet().stream().sorted().toList())));
    }

    public List<JobType> all() {
        return ordered;
    }
}
