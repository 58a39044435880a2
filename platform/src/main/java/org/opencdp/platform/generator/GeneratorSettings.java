package org.opencdp.platform.generator;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

import static java.util.Collections.unmodifiableSet;
import static java.util.Objects.requireNonNull;

/**
 * What to generate. The same members, seed, period, bad-record rate and hazards always give
 * byte-identical output.
 *
 * @param members number of real persons
 * @param seed seed of every random choice
 * @param start first instant events may happen at (inclusive)
 * @param end last instant events may happen at (exclusive); late sends and future timestamps may go beyond it
 * @param badRecordRate share of lines that are bad on purpose, between 0 and 0.5
 * @param hazards hazards to inject; an empty set gives clean data
 */
public record GeneratorSettings(int members, long seed, Instant start, Instant end, double badRecordRate, Set<Hazard> hazards)
{
    public static final double DEFAULT_BAD_RECORD_RATE = 0.01;

    public GeneratorSettings
    {
        if (members < 1) {
            throw new IllegalArgumentException("members must be at least 1, was " + members);
        }
        if (members > 20_000_000) {
            throw new IllegalArgumentException("members must be at most 20000000, was " + members);
        }
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("start %s must be before end %s".formatted(start, end));
        }
        if (end.toEpochMilli() - start.toEpochMilli() < 86_400_000L) {
            throw new IllegalArgumentException("the period from %s to %s must be at least one day".formatted(start, end));
        }
        if (!(badRecordRate >= 0 && badRecordRate <= 0.5)) {
            throw new IllegalArgumentException("badRecordRate must be between 0 and 0.5, was " + badRecordRate);
        }
        requireNonNull(hazards, "hazards is null");
        hazards = unmodifiableSet(hazards.isEmpty() ? EnumSet.noneOf(Hazard.class) : EnumSet.copyOf(hazards));
    }

    /** Default settings: 1% bad records and every hazard on. */
    public static GeneratorSettings of(int members, long seed, Instant start, Instant end)
    {
        return new GeneratorSettings(members, seed, start, end, DEFAULT_BAD_RECORD_RATE, EnumSet.allOf(Hazard.class));
    }

    public GeneratorSettings withBadRecordRate(double badRecordRate)
    {
        return new GeneratorSettings(members, seed, start, end, badRecordRate, hazards);
    }

    public GeneratorSettings withHazards(Collection<Hazard> hazards)
    {
        return new GeneratorSettings(members, seed, start, end, badRecordRate, hazards.isEmpty() ? EnumSet.noneOf(Hazard.class) : EnumSet.copyOf(hazards));
    }

    public GeneratorSettings withoutHazards()
    {
        return withHazards(EnumSet.noneOf(Hazard.class));
    }

    public GeneratorSettings withHazard(Hazard hazard, boolean enabled)
    {
        EnumSet<Hazard> changed = hazards.isEmpty() ? EnumSet.noneOf(Hazard.class) : EnumSet.copyOf(hazards);
        if (enabled) {
            changed.add(hazard);
        }
        else {
            changed.remove(hazard);
        }
        return withHazards(changed);
    }

    public boolean enabled(Hazard hazard)
    {
        return hazards.contains(hazard);
    }
}
