package org.opencdp.platform.generator;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One output line with what the generator knows about it.
 *
 * @param badReason why the line is bad, or null for a good line
 * @param hazards hazards a good line carries
 */
record GeneratedRecord(OmoSource source, byte[] line, String eventId, BadRecordReason badReason, List<HazardMark> hazards)
{
    GeneratedRecord
    {
        requireNonNull(source, "source is null");
        requireNonNull(line, "line is null");
        requireNonNull(eventId, "eventId is null");
        hazards = List.copyOf(hazards);
    }
}
