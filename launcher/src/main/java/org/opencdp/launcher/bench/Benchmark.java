package org.opencdp.launcher.bench;

/**
 * A benchmark of the harness. Every benchmark measures the platform against a peer in the same run
 * and reports the ratio, so figures from different machines can be compared.
 */
public interface Benchmark {
    /** Name used on the command line, e.g. {@code codec}. */
    String name();

    /** One line: what is measured and against which peer. */
    String description();

    BenchReport run(BenchContext context) throws Exception;
}
