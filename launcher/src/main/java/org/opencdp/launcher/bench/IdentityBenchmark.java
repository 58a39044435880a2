package org.opencdp.launcher.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opencdp.launcher.cli.BatchJobLauncher;

/**
 * Identity resolution on a synthetic graph ({@code IdentityBenchmarkJob} in batch-jobs, one Spark process per
 * step, never linked here): the job's full run (large-star/small-star connected components) against the same job
 * with connected components as iterative min-label propagation in Spark SQL, both from empty output tables to the
 * graph table, with identical clusters required; then, in one process as {@code cdp identity run --every} keeps it,
 * two batches of about 1% more links each resolved by an incremental run (the first pays the process's start and
 * reads its region from the tables; then the resolver builds its region index, and the second finds the session
 * warm and looks its region up in the index) against a full recompute of the same final links in that session,
 * which must agree.
 */
final class IdentityBenchmark implements Benchmark {
    private static final String JOB = "org.opencdp.batch.identity.IdentityBenchmarkJob";
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"[^\"]*\"|[^,}]+)");

    @Override
    public String name() {
        return "identity";
    }

    @Override
    public String description() {
        return "identity resolution full run (large-star/small-star) vs the same job with min-label propagation in Spark SQL; incremental runs with 1% new links vs a full recompute";
    }

    @Override
    public BenchReport run(BenchContext context) throws Exception {
        boolean full = context.scale() == BenchContext.Scale.FULL;
        // 1M people: the peer alone runs for over an hour here, so those figures come from the steps run one by one
        // with an 18 GiB heap (docs/benchmarks.md, "Identity resolution")
        long people = full ? 100_000 : 3_000;
        int chainPeople = full ? 32 : 8;
        String heap = full ? "-Xmx8g" : "-Xmx2g";
        BatchJobLauncher launcher = BatchJobLauncher.locate();
        Path home = Files.createTempDirectory(context.workDir(), "identity-home");
        try {
            return run(context, launcher, home, people, chainPeople, heap);
        } finally {
            BenchContext.deleteQuietly(home);
        }
    }

    private BenchReport run(BenchContext context, BatchJobLauncher launcher, Path home, long people, int chainPeople, String heap)
            throws IOException, InterruptedException {
        Path peerClusters = home.resolve("clusters-min-label");
        Path incrementalClusters = home.resolve("clusters-incremental");
        Steps steps = new Steps(launcher, heap, home, context.workDir());
        List<String> graph = List.of("--people", String.valueOf(people), "--seed", "1", "--chain-people", String.valueOf(chainPeople));

        Map<String, String> generated = steps.run("generate", graph);
        // the peer first, the job second: the job's result is the state the incremental run starts from
        Map<String, String> peer = steps.run("run", List.of("--full", "--min-label", "--reset", "--save", peerClusters.toString()));
        Map<String, String> job = steps.run("run", List.of("--full", "--reset", "--compare", peerClusters.toString()));
        List<String> continuous = new ArrayList<>(graph);
        continuous.addAll(List.of("--batches", "2", "--save", incrementalClusters.toString(), "--recompute"));
        List<Map<String, String>> lines = steps.runAll("continuous", continuous);
        List<Map<String, String>> runs = lines.stream().filter(line -> "run".equals(line.get("step"))).toList();
        Map<String, String> first = runs.get(0);
        Map<String, String> warm = runs.get(1);
        Map<String, String> recompute = runs.get(2);
        Map<String, String> index = lines.stream().filter(line -> "index".equals(line.get("step"))).findFirst()
                .orElseThrow(() -> new IllegalStateException("the continuous step reported no region index"));

        double recomputeSeconds = number(recompute, "seconds");
        List<List<String>> rows = List.of(
                row("full run, large-star/small-star (the job)", job, format("%.1fx", number(peer, "seconds") / number(job, "seconds"))),
                row("full run, min-label propagation in Spark SQL (peer)", peer, "1.0x"),
                row("incremental run after batch 1, the process's first run (the job)", first, format("%.1fx", recomputeSeconds / number(first, "seconds"))),
                row("incremental run after batch 2, warm session, region from the index (the job)", warm, format("%.1fx", recomputeSeconds / number(warm, "seconds"))),
                row("full recompute of the same final links, same session (peer)", recompute, "1.0x"));
        long links = (long) number(generated, "links");
        long linksAfterFirst = links + (long) number(first, "linksAdded");
        List<String> notes = new ArrayList<>();
        notes.add(format("graph: %,d people, %,d links, %,d identifiers, %,d connected components after the rules, %,d members; hand-over chains of %d people, store iPads and POS terminals as hubs, family cards as limit conflicts",
                people, links, (long) number(generated, "identifiers"), (long) number(job, "components"), (long) number(job, "members"), chainPeople));
        notes.add(format("connected components alone: %d rounds of large-star/small-star (then at most 2,000,000 edges by union-find on the driver) in %.1f s, %d rounds of min-label propagation (the last changing nothing) in %.1f s: %.1fx; the other stages (hubs, statuses, edge filter, per-component resolution, member ids, MERGE INTO) are the same code in both runs",
                (long) number(job, "ccRounds"), number(job, "ccSeconds"), (long) number(peer, "ccRounds"), number(peer, "ccSeconds"),
                number(peer, "ccSeconds") / number(job, "ccSeconds")));
        notes.add(format("clusters identical: the job's partition of %,d identifiers into members equals the peer's (%d differing rows; member ids differ on %d rows)",
                (long) number(job, "identifiers"), (long) number(job, "differentClusterRows"), (long) number(job, "differentMemberIdRows")));
        notes.add(format("increments: batch 1 %,d links added (%.2f%% of %,d), batch 2 %,d (%.2f%% of %,d): new people, new openids and devices of existing people, one merge of two members each; the incremental runs recomputed %,d and %,d identifiers of %,d and aliased %d and %d member ids",
                (long) number(first, "linksAdded"), 100.0 * number(first, "linksAdded") / links, links,
                (long) number(warm, "linksAdded"), 100.0 * number(warm, "linksAdded") / linksAfterFirst, linksAfterFirst,
                (long) number(first, "regionIdentifiers"), (long) number(warm, "regionIdentifiers"), (long) number(recompute, "regionIdentifiers"),
                (long) number(first, "membersAliased"), (long) number(warm, "membersAliased")));
        notes.add(format("region index built between the two incremental runs, as run --every does before it waits: %.1f s, %,d MiB of heap",
                number(index, "seconds"), (long) (number(index, "heapBytes") / (1 << 20))));
        notes.add(format("incremental runs vs full recompute: same clusters (%d differing rows), same member ids (%d differing rows); the three runs in one process (IdentityBenchmarkJob continuous), peak RSS growing from run to run",
                (long) number(recompute, "differentClusterRows"), (long) number(recompute, "differentMemberIdRows")));
        notes.add(format("seconds: the identity run alone (IdentityResolution.run: read links, stages, member ids, MERGE INTO the tables), in a Spark local[%d] process with %s; generating the links took %.1f s",
                (long) number(job, "cores"), heap, number(generated, "seconds")));
        notes.add("edges/s per core: links read by the run / seconds / cores; peak RSS: the process's VmHWM at its end; peak heap: the sum of the heap pools' peaks");
        return new BenchReport(
                format("Identity resolution: %,d synthetic people, %,d links", people, links),
                context.command(),
                BenchContext.environment(),
                List.of("run", "cc rounds", "cc seconds", "seconds", "links read", "edges/s per core", "peak RSS MiB", "peak heap MiB", "speed-up vs peer"),
                rows,
                notes);
    }

    private static List<String> row(String name, Map<String, String> run, String speedup) {
        double seconds = number(run, "seconds");
        double linksRead = number(run, "linksRead");
        return List.of(name, String.valueOf((long) number(run, "ccRounds")), format("%.1f", number(run, "ccSeconds")), format("%.1f", seconds), format("%,d", (long) linksRead),
                format("%,.0f", linksRead / seconds / number(run, "cores")), format("%,d", (long) (number(run, "peakRssBytes") / (1 << 20))),
                format("%,d", (long) (number(run, "peakHeapBytes") / (1 << 20))), speedup);
    }

    /** Runs the benchmark job's steps one after the other, each in its own process. */
    private record Steps(BatchJobLauncher launcher, String heap, Path home, Path workDir) {
        /** The step's last {@code BENCH} line. */
        Map<String, String> run(String step, List<String> arguments) throws IOException, InterruptedException {
            List<Map<String, String>> lines = runAll(step, arguments);
            return lines.get(lines.size() - 1);
        }

        /** Every {@code BENCH} line of the step, in order. */
        List<Map<String, String>> runAll(String step, List<String> arguments) throws IOException, InterruptedException {
            List<String> all = new ArrayList<>();
            all.add(step);
            all.addAll(arguments);
            all.addAll(List.of("--home", home.toString()));
            Path log = workDir.resolve("identity-" + step + "-" + System.nanoTime() + ".log");
            ProcessBuilder builder = launcher.processBuilder(JOB, List.of(heap), all);
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            Process process = builder.start();
            if (!process.waitFor(3, TimeUnit.HOURS)) {
                process.destroyForcibly();
                throw new IllegalStateException("identity benchmark step '%s' did not finish within 3 hours; see %s".formatted(String.join(" ", all), log));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (process.exitValue() == 3) {
                throw new IllegalStateException("CLUSTERS DIFFER in step '%s'; see %s".formatted(String.join(" ", all), log));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("identity benchmark step '%s' failed with exit code %d; see %s"
                        .formatted(String.join(" ", all), process.exitValue(), log));
            }
            List<String> lines = output.lines().filter(candidate -> candidate.startsWith("BENCH {")).toList();
            if (lines.isEmpty()) {
                throw new IllegalStateException("step '%s' printed no BENCH line; see %s".formatted(String.join(" ", all), log));
            }
            List<Map<String, String>> results = new ArrayList<>();
            for (String line : lines) {
                Map<String, String> values = new HashMap<>();
                Matcher matcher = FIELD.matcher(line);
                while (matcher.find()) {
                    values.put(matcher.group(1), matcher.group(2).replace("\"", ""));
                }
                System.out.printf("identity: %s -> %s%n", String.join(" ", all), line.substring("BENCH ".length()));
                results.add(values);
            }
            return results;
        }
    }

    private static double number(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("the benchmark job reported no '" + key + "': " + values);
        }
        return Double.parseDouble(value);
    }

    private static String format(String pattern, Object... arguments) {
        return String.format(Locale.ROOT, pattern, arguments);
    }
}
