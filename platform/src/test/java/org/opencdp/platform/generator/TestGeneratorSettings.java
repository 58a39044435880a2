package org.opencdp.platform.generator;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestGeneratorSettings
{
    private static final Instant START = Instant.parse("2025-12-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void defaultsToOnePercentBadRecordsAndEveryHazard()
    {
        GeneratorSettings settings = GeneratorSettings.of(10, 1, START, END);
        assertThat(settings.badRecordRate()).isEqualTo(0.01);
        assertThat(settings.hazards()).isEqualTo(EnumSet.allOf(Hazard.class));
        assertThat(settings.withHazard(Hazard.MINOR, false).enabled(Hazard.MINOR)).isFalse();
        assertThat(settings.withoutHazards().hazards()).isEmpty();
    }

    @Test
    void rejectsSettingsThatCannotBeGenerated()
    {
        assertThatThrownBy(() -> GeneratorSettings.of(0, 1, START, END)).hasMessageContaining("members must be at least 1, was 0");
        assertThatThrownBy(() -> GeneratorSettings.of(10, 1, END, START)).hasMessageContaining("must be before end");
        assertThatThrownBy(() -> GeneratorSettings.of(10, 1, START, START.plusSeconds(60))).hasMessageContaining("at least one day");
        assertThatThrownBy(() -> GeneratorSettings.of(10, 1, START, END).withBadRecordRate(0.9)).hasMessageContaining("badRecordRate must be between 0 and 0.5, was 0.9");
    }
}
