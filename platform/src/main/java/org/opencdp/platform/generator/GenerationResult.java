package org.opencdp.platform.generator;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Collections.unmodifiableMap;
import static java.util.Objects.requireNonNull;

/**
 * What one generation produced.
 *
 * @param outputDirectory where the files went; empty when the lines went to an {@link EventSink}
 * @param sources lines per source
 * @param badRecords bad lines per reason
 * @param hazardEvents good lines carrying each hazard
 * @param groundTruthRows rows of {@code ground_truth.csv} (also counted when streaming)
 */
public record GenerationResult(
        GeneratorSettings settings,
        Optional<Path> outputDirectory,
        int persons,
        Map<OmoSource, SourceCounts> sources,
        Map<BadRecordReason, Long> badRecords,
        Map<Hazard, Long> hazardEvents,
        long groundTruthRows)
{
    public GenerationResult
    {
        requireNonNull(settings, "settings is null");
        requireNonNull(outputDirectory, "outputDirectory is null");
        // enum-ordered, so printing a result is as stable as the files
        sources = copy(sources, OmoSource.class);
        badRecords = copy(badRecords, BadRecordReason.class);
        hazardEvents = copy(hazardEvents, Hazard.class);
    }

    /**
     * @param lines every line of the source
     * @param good lines that are valid (a duplicate's first copy is good)
     * @param bad lines listed in {@code bad_records.csv}
     */
    public record SourceCounts(long lines, long good, long bad) {}

    private static <K extends Enum<K>, V> Map<K, V> copy(Map<K, V> map, Class<K> keys)
    {
        EnumMap<K, V> copy = new EnumMap<>(keys);
        copy.putAll(requireNonNull(map, "map is null"));
        return unmodifiableMap(copy);
    }

    public long totalLines()
    {
        return sources.values().stream().mapToLong(SourceCounts::lines).sum();
    }

    public long badLines()
    {
        return sources.values().stream().mapToLong(SourceCounts::bad).sum();
    }

    public long goodLines()
    {
        return totalLines() - badLines();
    }
}
