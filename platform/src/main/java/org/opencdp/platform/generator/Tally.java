package org.opencdp.platform.generator;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts lines while they are emitted and numbers them per file (1-based).
 */
final class Tally
{
    private final long[] lines = new long[OmoSource.values().length];
    private final long[] bad = new long[OmoSource.values().length];
    private final long[] badByReason = new long[BadRecordReason.values().length];
    private final long[] hazardEvents = new long[Hazard.values().length];
    private int persons;
    private long groundTruthRows;

    /** Counts the line and returns its line number in its file. */
    long count(GeneratedRecord record)
    {
        int source = record.source().ordinal();
        long line = ++lines[source];
        if (record.badReason() != null) {
            bad[source]++;
            badByReason[record.badReason().ordinal()]++;
        }
        for (HazardMark mark : record.hazards()) {
            hazardEvents[mark.hazard().ordinal()]++;
        }
        return line;
    }

    void countPerson(int groundTruthRows)
    {
        persons++;
        this.groundTruthRows += groundTruthRows;
    }

    void countGroundTruth(int rows)
    {
        groundTruthRows += rows;
    }

    GenerationResult result(GeneratorSettings settings, Optional<Path> directory)
    {
        Map<OmoSource, GenerationResult.SourceCounts> sources = new EnumMap<>(OmoSource.class);
        for (OmoSource source : OmoSource.values()) {
            int i = source.ordinal();
            sources.put(source, new GenerationResult.SourceCounts(lines[i], lines[i] - bad[i], bad[i]));
        }
        Map<BadRecordReason, Long> reasons = new EnumMap<>(BadRecordReason.class);
        for (BadRecordReason reason : BadRecordReason.values()) {
            reasons.put(reason, badByReason[reason.ordinal()]);
        }
        Map<Hazard, Long> hazards = new EnumMap<>(Hazard.class);
        for (Hazard hazard : Hazard.values()) {
            hazards.put(hazard, hazardEvents[hazard.ordinal()]);
        }
        return new GenerationResult(settings, directory, persons, sources, reasons, hazards, groundTruthRows);
    }
}
