package org.opencdp.launcher.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs the JMH benchmarks of one class in a forked JVM and returns their scores by method name. */
final class JmhRunner {
    private JmhRunner() {}

    record Score(double value, double error, String unit) {}

    static Map<String, Score> run(Class<?> benchmarkClass, BenchContext.Scale scale) throws RunnerException {
        boolean full = scale == BenchContext.Scale.FULL;
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + benchmarkClass.getName().replace("$", "\\$") + "\\.")
                .forks(1)
                .warmupIterations(full ? 3 : 1)
                .warmupTime(TimeValue.seconds(full ? 2 : 1))
                .measurementIterations(full ? 5 : 2)
                .measurementTime(TimeValue.seconds(full ? 3 : 1))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, Score> scores = new LinkedHashMap<>();
        for (RunResult result : results) {
            String label = result.getParams().getBenchmark();
            scores.put(label, new Score(result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError(),
                    result.getPrimaryResult().getScoreUnit()));
        }
        return scores;
    }
}
