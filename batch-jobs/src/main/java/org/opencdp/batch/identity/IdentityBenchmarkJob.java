package org.opencdp.batch.identity;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.opencdp.batch.runtime.SparkSessions;
import org.opencdp.identity.cluster.BadMarks;
import org.opencdp.platform.config.CdpConfig;

/**
 * The Spark side of the identity benchmark ({@code cdp bench run identity}); one step per process, so that the
 * peak memory of each timed run is its own:
 *
 * <pre>
 * IdentityBenchmarkJob generate  --people N [--seed S] [--chain-people C]   synthetic links into identity.links
 * IdentityBenchmarkJob increment --people N [--seed S] [--chain-people C] [--batch B]   about 1% more links
 * IdentityBenchmarkJob run --full|--incremental [--min-label] [--reset] [--save DIR] [--compare DIR]
 * IdentityBenchmarkJob continuous --people N [--seed S] [--chain-people C] [--batches B] [--save DIR] [--recompute] [--no-index]
 * common: --home DIR [--config FILE]
 * </pre>
 *
 * {@code run} times one identity resolution run (the job's own code; {@code --min-label} swaps connected
 * components for {@link MinLabelPropagation}, the peer); {@code --reset} empties the job's output tables first,
 * so the run starts from nothing as the first run would; {@code --save} keeps the resulting partition of
 * identifiers into members and {@code --compare} checks it against a saved one, failing when the clusters
 * differ. {@code continuous} is a long-lived identity service's view ({@code cdp identity run --every}): one
 * process, one Spark session, appends increment batches 1 to B one after the other, each followed by an incremental
 * run of one resolver, which prepares its {@link RegionIndex} after each run as the service does (its own step;
 * {@code --no-index}: none), so that every run after the first finds the session warm and the index built;
 * {@code --recompute} then times a full recompute
 * of the same final links in that session and compares its clusters with the last incremental run's (saved in
 * {@code --save}). Every step prints one line {@code BENCH {json}}, {@code continuous} one per run.
 */
public final class IdentityBenchmarkJob
{
    static final String USAGE = """
            usage: IdentityBenchmarkJob generate|increment --people N [--seed S] [--chain-people C] [--batch B] --home DIR [--config FILE]
                   IdentityBenchmarkJob run --full|--incremental [--min-label] [--reset] [--save DIR] [--compare DIR] --home DIR [--config FILE]
                   IdentityBenchmarkJob continuous --people N [--seed S] [--chain-people C] [--batches B] [--save DIR] [--recompute] [--no-index] --home DIR [--config FILE]""";

    private IdentityBenchmarkJob() {}

    public static void main(String[] args)
    {
        Map<String, String> options = new HashMap<>();
        String action = args.length == 0 ? "" : args[0];
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--full", "--incremental", "--min-label", "--reset", "--recompute", "--no-index" -> options.put(arg, "true");
                case "--people", "--seed", "--chain-people", "--batch", "--batches", "--save", "--compare", "--home", "--config" -> {
                    if (i + 1 >= args.length) {
                        fail(arg + " needs a value\n" + USAGE, 2);
                    }
                    options.put(arg, args[++i]);
                }
                default -> fail("unknown argument '" + arg + "'\n" + USAGE, 2);
            }
        }
        if (!options.containsKey("--home") || !List.of("generate", "increment", "run", "continuous").contains(action)) {
            fail(USAGE, 2);
        }
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("CDP_HOME", Path.of(options.get("--home")).toAbsolutePath().toString());
        CdpConfig config = CdpConfig.load(Optional.ofNullable(options.get("--config")).map(Path::of), environment);
        IdentityResolutionJob.ensureTables(config);
        SparkSession spark = SparkSessions.local("identity-benchmark", config);
        int exitCode = 0;
        try {
            IdentityTables tables = new IdentityTables(spark, config.catalog().name());
            switch (action) {
                case "generate" -> report(withIdentifiers(tables, generate(tables, options, 0)));
                case "increment" -> report(withIdentifiers(tables, generate(tables, options, Integer.parseInt(options.getOrDefault("--batch", "1")))));
                case "continuous" -> continuous(tables, options);
                default -> report(run(tables, options, true));
            }
        }
        catch (ClustersDiffer e) {
            System.err.println("identity-benchmark: " + e.getMessage());
            exitCode = 3;
        }
        catch (RuntimeException | IOException e) {
            System.err.println("identity-benchmark: error: " + e);
            e.printStackTrace();
            exitCode = 1;
        }
        finally {
            spark.stop();
        }
        System.exit(exitCode);
    }

    private static void report(Map<String, Object> result)
    {
        result.putAll(memory());
        System.out.println("BENCH " + json(result));
        System.out.flush();
    }

    /** Increment batches 1 to B, each appended then resolved by an incremental run, in this one session. */
    private static void continuous(IdentityTables tables, Map<String, String> options)
            throws IOException
    {
        int batches = Integer.parseInt(options.getOrDefault("--batches", "2"));
        if (batches < 1) {
            fail("--batches must be at least 1\n" + USAGE, 2);
        }
        if (options.containsKey("--recompute") && !options.containsKey("--save")) {
            fail("--recompute compares with the clusters of the last incremental run: it needs --save DIR\n" + USAGE, 2);
        }
        long[] componentsNanos = new long[1];
        IdentityResolution resolver = resolver(tables, false, componentsNanos);
        for (int batch = 1; batch <= batches; batch++) {
            long linksAdded = (long) generate(tables, options, batch).get("linksAdded");
            Map<String, String> runOptions = new HashMap<>(Map.of("--incremental", "true"));
            if (batch == batches && options.containsKey("--save")) {
                runOptions.put("--save", options.get("--save"));
            }
            // no statistics of the graph between runs: the next run finds the session as the previous run left it
            componentsNanos[0] = 0;
            Map<String, Object> result = run(tables, runOptions, batch == batches, resolver, componentsNanos);
            result.put("batch", batch);
            result.put("linksAdded", linksAdded);
            report(result);
            if (batch < batches && !options.containsKey("--no-index")) {
                // what the service does before it sleeps: the index the next run looks its region up in; the
                // heap it takes is what a full collection leaves after it, less what one left before
                long before = heapAfterCollection();
                long started = System.nanoTime();
                boolean held = resolver.prepareIndex();
                Map<String, Object> index = new LinkedHashMap<>();
                index.put("step", "index");
                index.put("seconds", (System.nanoTime() - started) / 1e9);
                index.put("held", held);
                index.put("heapBytes", heapAfterCollection() - before);
                index.put("batch", batch);
                report(index);
            }
        }
        // the recompute runs without the resolver's index in the heap, as a full run of its own would
        resolver = null;
        if (options.containsKey("--recompute")) {
            report(run(tables, Map.of("--full", "true", "--compare", options.get("--save")), true));
        }
    }

    /** Links of a new graph (batch 0) or of increment batch {@code batch}, appended to identity.links. */
    private static Map<String, Object> generate(IdentityTables tables, Map<String, String> options, int batch)
    {
        boolean increment = batch > 0;
        long people = Long.parseLong(required(options, "--people"));
        SyntheticLinks generator = new SyntheticLinks(Long.parseLong(options.getOrDefault("--seed", "1")), Integer.parseInt(options.getOrDefault("--chain-people", "32")));
        SparkSession spark = tables.spark();
        Dataset<Row> links = spark.table(tables.name(IdentityTables.LINKS));
        int partitions = (int) Math.max(spark.sparkContext().defaultParallelism(), people / 100_000);
        long before = links.count();
        long started = System.nanoTime();
        Dataset<Row> rows = increment
                ? generator.increment(spark, people, batch, partitions, links.schema())
                : generator.people(spark, 0, people, partitions, links.schema());
        tables.append(IdentityTables.LINKS, rows);
        double seconds = (System.nanoTime() - started) / 1e9;
        spark.sql("REFRESH TABLE " + tables.name(IdentityTables.LINKS));
        Dataset<Row> all = spark.table(tables.name(IdentityTables.LINKS));
        long after = all.count();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("step", increment ? "increment" : "generate");
        result.put("people", people);
        result.put("linksAdded", after - before);
        result.put("links", after);
        result.put("seconds", seconds);
        return result;
    }

    /** Adds the number of distinct identifiers the links hold. */
    private static Map<String, Object> withIdentifiers(IdentityTables tables, Map<String, Object> result)
    {
        Dataset<Row> all = tables.spark().table(tables.name(IdentityTables.LINKS));
        result.put("identifiers", all.selectExpr("concat(left.type, ':', left.token) AS key")
                .union(all.selectExpr("concat(right.type, ':', right.token) AS key")).distinct().count());
        return result;
    }

    /** @param partitionStats whether to count the members and identifiers of the resulting graph */
    private static Map<String, Object> run(IdentityTables tables, Map<String, String> options, boolean partitionStats)
            throws IOException
    {
        long[] componentsNanos = new long[1];
        return run(tables, options, partitionStats, resolver(tables, options.containsKey("--min-label"), componentsNanos), componentsNanos);
    }

    /** A resolver whose connected components (the job's, or the peer's) add their seconds to {@code componentsNanos}. */
    private static IdentityResolution resolver(IdentityTables tables, boolean minLabel, long[] componentsNanos)
    {
        ConnectedComponents.Algorithm algorithm = minLabel ? MinLabelPropagation::components : ConnectedComponents::components;
        // both algorithms compute their rounds eagerly, so the call's time is the connected components' time
        return new IdentityResolution(tables, new RuleContext(new Properties(), BadMarks.none()), edges -> {
            long start = System.nanoTime();
            try {
                return algorithm.components(edges);
            }
            finally {
                componentsNanos[0] += System.nanoTime() - start;
            }
        });
    }

    private static Map<String, Object> run(IdentityTables tables, Map<String, String> options, boolean partitionStats, IdentityResolution job,
            long[] componentsNanos)
            throws IOException
    {
        SparkSession spark = tables.spark();
        boolean minLabel = options.containsKey("--min-label");
        if (options.containsKey("--reset")) {
            tables.clearRunOutputs();
        }
        IdentityResolution.Mode mode = options.containsKey("--incremental") ? IdentityResolution.Mode.INCREMENTAL : IdentityResolution.Mode.FULL;
        long started = System.nanoTime();
        IdentityResolution.RunReport report = job.run(mode);
        double seconds = (System.nanoTime() - started) / 1e9;

        Dataset<Row> partition = tables.openRows().select("key", "member_id");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("step", "run");
        result.put("mode", report.mode().name());
        result.put("algorithm", minLabel ? "min-label" : "large-star");
        result.put("seconds", seconds);
        result.put("cores", spark.sparkContext().defaultParallelism());
        result.put("linksRead", report.linksRead());
        result.put("regionIdentifiers", report.regionIdentifiers());
        result.put("components", report.components());
        result.put("ccRounds", report.ccRounds());
        result.put("ccSeconds", componentsNanos[0] / 1e9);
        result.put("membersCreated", report.membersCreated());
        result.put("membersAliased", report.membersAliased());
        if (partitionStats) {
            result.put("members", partition.select("member_id").distinct().count());
            result.put("identifiers", partition.count());
        }
        if (options.containsKey("--compare")) {
            Dataset<Row> saved = spark.read().parquet(options.get("--compare"));
            long differentClusters = clusters(saved).except(clusters(partition)).count() + clusters(partition).except(clusters(saved)).count();
            long differentIds = saved.except(partition).count() + partition.except(saved).count();
            result.put("differentClusterRows", differentClusters);
            result.put("differentMemberIdRows", differentIds);
            if (differentClusters > 0) {
                throw new ClustersDiffer("the clusters differ from those saved in %s: %d (identifier, cluster) rows differ; run: %s"
                        .formatted(options.get("--compare"), differentClusters, json(result)));
            }
        }
        if (options.containsKey("--save")) {
            partition.write().mode("overwrite").parquet(options.get("--save"));
        }
        return result;
    }

    /** Each identifier with the smallest identifier of its member: the partition, whatever the member ids. */
    private static Dataset<Row> clusters(Dataset<Row> partition)
    {
        return partition.selectExpr("key", "min(key) OVER (PARTITION BY member_id) AS cluster");
    }

    private static long heapAfterCollection()
    {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Peak resident set of this process (VmHWM) and the sum of the heap pools' peaks. */
    private static Map<String, Object> memory()
    {
        Map<String, Object> memory = new LinkedHashMap<>();
        long peakRss = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("VmHWM:")) {
                    peakRss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        }
        catch (IOException | RuntimeException e) {
            // not Linux: the peak resident set is unknown (-1)
        }
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        memory.put("peakRssBytes", peakRss);
        memory.put("peakHeapBytes", peakHeap);
        memory.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        return memory;
    }

    private static String json(Map<String, Object> values)
    {
        return values.entrySet().stream()
                .map(entry -> "\"" + entry.getKey() + "\":" + (entry.getValue() instanceof String text ? "\"" + text.replace("\"", "'") + "\""
                        : entry.getValue() instanceof Double number ? String.format(Locale.ROOT, "%.3f", number) : String.valueOf(entry.getValue())))
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String required(Map<String, String> options, String name)
    {
        String value = options.get(name);
        if (value == null) {
            fail(name + " is required\n" + USAGE, 2);
        }
        return value;
    }

    private static void fail(String message, int code)
    {
        System.err.println(message);
        System.exit(code);
    }

    private static final class ClustersDiffer
            extends RuntimeException
    {
        ClustersDiffer(String message)
        {
            super(message);
        }
    }
}
