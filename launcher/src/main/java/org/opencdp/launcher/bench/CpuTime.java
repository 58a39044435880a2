package org.opencdp.launcher.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** CPU time (user and system, all threads) of this process, of another process, or of some of its threads. */
final class CpuTime {
    /** {@code USER_HZ}, the unit of the CPU times in {@code /proc}: 100 on every Linux architecture the JDK supports. */
    private static final long TICKS_PER_SECOND = 100;

    private CpuTime() {}

    static long ofThisProcessNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The CPU time another process used so far; empty once it has exited or where the system does not tell. */
    static OptionalLong ofProcessNanos(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(process -> process.info().totalCpuDuration())
                .map(duration -> OptionalLong.of(duration.toNanos()))
                .orElse(OptionalLong.empty());
    }

    /**
     * The CPU time the threads of a process whose names match used so far, from {@code /proc/<pid>/task}; 0 where
     * there is no {@code /proc}. Threads that have exited no longer count.
     */
    static long ofThreadsNanos(long pid, Predicate<String> threadName) {
        Path tasks = Path.of("/proc", String.valueOf(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return 0;
        }
        long ticks = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : (Iterable<Path>) threads::iterator) {
                try {
                    // "tid (name) state ...": the name may hold spaces and parentheses, the fields after it do not
                    String stat = Files.readString(thread.resolve("stat"), StandardCharsets.US_ASCII);
                    if (threadName.test(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')))) {
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);   // utime, stime: fields 14 and 15
                    }
                } catch (IOException | RuntimeException ended) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return Duration.ofSeconds(ticks).toNanos() / TICKS_PER_SECOND;
    }
}
