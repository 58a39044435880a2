package org.opencdp.platform.generator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TestOmoGeneratorHazards
{
    private static final Instant START = Instant.parse("2025-12-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void everyHazardShowsUpWhenOn(@TempDir Path directory)
            throws IOException
    {
        GenerationResult result = new OmoGenerator(GeneratorSettings.of(1500, 99, START, END)).generate(directory);
        GeneratedFiles files = new GeneratedFiles(directory);

        for (Hazard hazard : Hazard.values()) {
            assertThat(result.hazardEvents().get(hazard)).as(hazard.name()).isPositive();
        }
        assertThat(files.groundTruth.get("PHONE|" + PhoneNumbers.PLACEHOLDER)).containsExactly(GroundTruth.SHARED);
        assertThat(files.groundTruth.get("PHONE|" + PhoneNumbers.TEST_PHONE)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(files.persons).anyMatch(person -> person[1].equals("true")).anyMatch(person -> person[2].equals("true"));

        // the store iPad meets several members
        Map<String, Set<String>> membersPerIdfa = new HashMap<>();
        for (Map.Entry<Long, JsonNode> record : files.goodRecords(OmoSource.APP_EVENTS)) {
            JsonNode ids = record.getValue().get("identifiers");
            if (ids.hasNonNull("idfa") && ids.hasNonNull("member_card")) {
                membersPerIdfa.computeIfAbsent(ids.get("idfa").asText(), ignored -> new HashSet<>()).add(ids.get("member_card").asText());
            }
        }
        assertThat(membersPerIdfa.entrySet()).anyMatch(entry -> entry.getValue().size() >= 3 && files.groundTruth.get("IDFA|" + entry.getKey()).contains(GroundTruth.SHARED));

        // a recycled number: verified by two different persons, the later one after the earlier one stopped
        Map<String, Set<String>> ownersPerPhone = new HashMap<>();
        files.groundTruth.forEach((key, owners) -> {
            if (key.startsWith("PHONE|") && !owners.contains(GroundTruth.SHARED) && owners.size() == 2 && !key.endsWith(PhoneNumbers.TEST_PHONE)) {
                ownersPerPhone.put(key, owners);
            }
        });
        assertThat(ownersPerPhone).isNotEmpty();

        // minors' consent says so, mostly with a guardian
        List<JsonNode> minorConsents = files.goodRecords(OmoSource.CONSENT_EVENTS).stream()
                .map(Map.Entry::getValue)
                .filter(consent -> consent.path("subject_is_minor").asBoolean())
                .toList();
        assertThat(minorConsents).isNotEmpty().anyMatch(consent -> consent.get("guardian_consent").asBoolean());

        // late events are sent days after they happened
        assertThat(files.hazards.get(OmoSource.APP_EVENTS).entrySet()).anyMatch(entry -> entry.getValue().contains(Hazard.LATE_EVENT));
        for (OmoSource source : List.of(OmoSource.APP_EVENTS, OmoSource.MINI_PROGRAM_EVENTS, OmoSource.WEB_EVENTS)) {
            for (Map.Entry<Long, JsonNode> record : files.goodRecords(source)) {
                if (files.hazards.get(source).getOrDefault(record.getKey(), List.of()).contains(Hazard.LATE_EVENT)) {
                    assertThat(delay(record.getValue())).isGreaterThanOrEqualTo(Duration.ofDays(2));
                }
            }
        }
    }

    @Test
    void noHazardAppearsWhenAllAreOff(@TempDir Path directory)
            throws IOException
    {
        GenerationResult result = new OmoGenerator(GeneratorSettings.of(1500, 99, START, END).withoutHazards()).generate(directory);
        GeneratedFiles files = new GeneratedFiles(directory);

        assertThat(result.hazardEvents().values()).allMatch(count -> count == 0);
        assertThat(Files.readAllLines(directory.resolve("hazard_events.csv"), StandardCharsets.UTF_8)).hasSize(1);
        // every identifier belongs to exactly one person
        assertThat(files.groundTruth.values()).allMatch(owners -> owners.size() == 1 && !owners.contains(GroundTruth.SHARED));
        assertThat(files.persons).noneMatch(person -> person[1].equals("true") || person[2].equals("true") || !person[10].isEmpty() || !person[11].equals("0"));
        for (OmoSource source : OmoSource.values()) {
            for (Map.Entry<Long, JsonNode> record : files.goodRecords(source)) {
                JsonNode event = record.getValue();
                String phone = event.at("/identifiers/phone").asText("");
                assertThat(PhoneNumbers.normalise(phone)).isNotIn(PhoneNumbers.PLACEHOLDER, PhoneNumbers.TEST_PHONE);
                assertThat(event.at("/identifiers/android_id").isMissingNode() || source != OmoSource.POS_TRANSACTIONS).isTrue();
                assertThat(event.has("subject_is_minor")).isFalse();
                if (event.has("sent_at")) {
                    assertThat(delay(event)).isBetween(Duration.ZERO, Duration.ofMinutes(1));
                }
            }
        }
        // every event still resolves to exactly one person
        for (OmoSource source : OmoSource.values()) {
            for (Map.Entry<Long, JsonNode> record : files.goodRecords(source)) {
                Set<String> owners = new HashSet<>();
                for (String key : GeneratedFiles.identifierKeys(record.getValue())) {
                    owners.addAll(files.groundTruth.get(key));
                }
                assertThat(owners).as("%s line %s", source.fileName(), record.getKey()).hasSizeLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void eachHazardCanBeSwitchedOffAlone(@TempDir Path directory)
            throws IOException
    {
        for (Hazard hazard : List.of(Hazard.PLACEHOLDER_PHONE, Hazard.SHARED_STORE_DEVICE, Hazard.CLOCK_SKEW)) {
            Path run = directory.resolve(hazard.name());
            GenerationResult result = new OmoGenerator(GeneratorSettings.of(600, 5, START, END).withHazard(hazard, false)).generate(run);
            assertThat(result.hazardEvents().get(hazard)).as(hazard.name()).isZero();
            assertThat(result.hazardEvents().entrySet()).as(hazard.name())
                    .filteredOn(entry -> entry.getKey() != hazard && entry.getKey() != Hazard.RECYCLED_PHONE && entry.getKey() != Hazard.TEST_ACCOUNT)
                    .allMatch(entry -> entry.getValue() > 0);
        }
    }

    @Test
    void noBadRecordsAtRateZero(@TempDir Path directory)
            throws IOException
    {
        GenerationResult result = new OmoGenerator(GeneratorSettings.of(300, 5, START, END).withBadRecordRate(0)).generate(directory);
        assertThat(result.badLines()).isZero();
        assertThat(Files.readAllLines(directory.resolve("bad_records.csv"))).containsExactly("file,line,expected_reason");
    }

    private static Duration delay(JsonNode event)
    {
        return Duration.between(OffsetDateTime.parse(event.get("event_time").asText()), OffsetDateTime.parse(event.get("sent_at").asText()));
    }
}
