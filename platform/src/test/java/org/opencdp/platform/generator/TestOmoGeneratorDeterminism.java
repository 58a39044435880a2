package org.opencdp.platform.generator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TestOmoGeneratorDeterminism
{
    private static final Instant START = Instant.parse("2025-12-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void sameSettingsGiveByteIdenticalFilesWhateverTheThreads(@TempDir Path first, @TempDir Path second)
            throws IOException
    {
        GeneratorSettings settings = GeneratorSettings.of(1200, 7, START, END);
        new OmoGenerator(settings, 2).generate(first);
        new OmoGenerator(settings, 1).generate(second);

        List<String> names = fileNames(first);
        assertThat(names).containsExactlyInAnyOrderElementsOf(fileNames(second))
                .contains("web_events.jsonl", "app_events.jsonl", "mini_program_events.jsonl", "pos_transactions.jsonl", "consent_events.jsonl",
                        "ground_truth.csv", "persons.csv", "bad_records.csv", "hazard_events.csv", "manifest.json");
        for (String name : names) {
            assertThat(Files.readAllBytes(second.resolve(name)))
                    .as(name)
                    .isEqualTo(Files.readAllBytes(first.resolve(name)));
        }
    }

    @Test
    void anotherSeedGivesOtherData(@TempDir Path first, @TempDir Path second)
            throws IOException
    {
        new OmoGenerator(GeneratorSettings.of(300, 7, START, END)).generate(first);
        new OmoGenerator(GeneratorSettings.of(300, 8, START, END)).generate(second);

        for (String name : List.of("web_events.jsonl", "app_events.jsonl", "pos_transactions.jsonl", "consent_events.jsonl", "ground_truth.csv")) {
            assertThat(Files.readAllBytes(second.resolve(name))).as(name).isNotEqualTo(Files.readAllBytes(first.resolve(name)));
        }
    }

    @Test
    void streamingSendsTheSameLinesInTheSameOrderAsTheFiles(@TempDir Path directory)
            throws IOException
    {
        GeneratorSettings settings = GeneratorSettings.of(400, 11, START, END).withBadRecordRate(0.05);
        GenerationResult written = new OmoGenerator(settings).generate(directory);

        Map<OmoSource, ByteArrayOutputStream> streamed = new EnumMap<>(OmoSource.class);
        GenerationResult sent = new OmoGenerator(settings).generate((source, line) -> {
            ByteArrayOutputStream out = streamed.computeIfAbsent(source, ignored -> new ByteArrayOutputStream());
            out.write(line);
            out.write('\n');
        });

        for (OmoSource source : OmoSource.values()) {
            assertThat(streamed.get(source).toByteArray()).as(source.fileName()).isEqualTo(Files.readAllBytes(directory.resolve(source.fileName())));
        }
        assertThat(sent.outputDirectory()).isEmpty();
        assertThat(written.outputDirectory()).contains(directory);
        assertThat(sent.sources()).isEqualTo(written.sources());
        assertThat(sent.badRecords()).isEqualTo(written.badRecords());
        assertThat(sent.hazardEvents()).isEqualTo(written.hazardEvents());
        assertThat(sent.groundTruthRows()).isEqualTo(written.groundTruthRows());
    }

    private static List<String> fileNames(Path directory)
            throws IOException
    {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
