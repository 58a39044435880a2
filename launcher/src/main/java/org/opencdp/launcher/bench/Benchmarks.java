package org.opencdp.launcher.bench;

import java.util.List;
import java.util.stream.Collectors;

/** Every benchmark of the harness. */
public final class Benchmarks {
    private Benchmarks() {}

    public static List<Benchmark> all() {
        return List.of(new CodecBenchmark.Harness(), new RawLoadBenchmark(), new StreamIngestBenchmark(), new CollectorBenchmark(),
                new IdentityBenchmark());
    }

    public static Benchmark byName(String name) {
        return all().stream()
                .filter(benchmark -> benchmark.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown benchmark '%s'; known: %s".formatted(
                        name, all().stream().map(Benchmark::name).collect(Collectors.joining(", ")))));
    }
}
