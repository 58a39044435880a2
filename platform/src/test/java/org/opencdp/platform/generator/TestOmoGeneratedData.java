package org.opencdp.platform.generator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One generation with every hazard on, read back and checked against the contracts, the ground truth
 * and the bad-record list.
 */
class TestOmoGeneratedData
{
    private static final Instant START = Instant.parse("2025-12-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-06-01T00:00:00Z");
    private static final double BAD_RATE = 0.03;

    @TempDir
    static Path directory;
    static GenerationResult result;
    static GeneratedFiles files;

    @BeforeAll
    static void generate()
            throws IOException
    {
        result = new OmoGenerator(GeneratorSettings.of(1500, 20260301, START, END).withBadRecordRate(BAD_RATE)).generate(directory);
        files = new GeneratedFiles(directory);
    }

    @Test
    void everyGoodLineCarriesItsAvroContractFieldsAndTypes()
    {
        for (OmoSource source : OmoSource.values()) {
            List<Map.Entry<Long, JsonNode>> good = files.goodRecords(source);
            assertThat(good).as(source.fileName()).hasSizeGreaterThan(1000);
            for (Map.Entry<Long, JsonNode> record : good) {
                assertThat(JsonContract.problems(record.getValue(), source.schema()))
                        .as("%s line %s", source.fileName(), record.getKey())
                        .isEmpty();
            }
        }
    }

    @Test
    void goodLinesAreUniqueInTimeAndSendNoServerFields()
    {
        Instant earliest = START.minus(Duration.ofDays(3));
        Instant latest = END.plus(Duration.ofDays(3));
        for (OmoSource source : OmoSource.values()) {
            Set<String> eventIds = new HashSet<>();
            for (Map.Entry<Long, JsonNode> record : files.goodRecords(source)) {
                JsonNode event = record.getValue();
                assertThat(eventIds.add(event.get("event_id").asText())).as("unique event id, %s line %s", source.fileName(), record.getKey()).isTrue();
                Instant time = OffsetDateTime.parse(event.get("event_time").asText()).toInstant();
                assertThat(time).as("%s line %s", source.fileName(), record.getKey()).isBetween(earliest, latest);
                assertThat(event.get("event_time").asText()).endsWith("+08:00");
                assertThat(event.has("received_at")).isFalse();
                assertThat(event.get("identifiers").has("tokenization_key_id")).isFalse();
            }
        }
    }

    @Test
    void everyBadLineIsListedWithTheReasonItReallyHas()
    {
        long end = END.toEpochMilli();
        for (OmoSource source : OmoSource.values()) {
            List<byte[]> lines = files.lines.get(source);
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < lines.size(); i++) {
                long lineNumber = i + 1;
                byte[] line = lines.get(i);
                String text = new String(line, StandardCharsets.UTF_8);
                BadRecordReason reason = files.bad.get(source).get(lineNumber);
                String where = source.fileName() + " line " + lineNumber;
                if (reason == null) {
                    assertThat(seen.add(text)).as("good line is not a re-send: " + where).isTrue();
                    continue;
                }
                switch (reason) {
                    case MALFORMED_JSON -> assertThatThrownBy(() -> GeneratedFiles.JSON.readTree(line)).as(where).isNotNull();
                    case MISSING_FIELD -> assertThat(JsonContract.problems(GeneratedFiles.parse(line), source.schema())).as(where).anyMatch(problem -> problem.endsWith("is required"));
                    case WRONG_TYPE -> assertThat(JsonContract.problems(GeneratedFiles.parse(line), source.schema())).as(where).isNotEmpty().noneMatch(problem -> problem.endsWith("is required"));
                    case FUTURE_TIMESTAMP -> {
                        JsonNode event = GeneratedFiles.parse(line);
                        assertThat(JsonContract.problems(event, source.schema())).as(where).isEmpty();
                        long eventTime = OffsetDateTime.parse(event.get("event_time").asText()).toInstant().toEpochMilli();
                        assertThat(eventTime).as(where).isGreaterThanOrEqualTo(end + Duration.ofDays(30).toMillis());
                        if (event.has("sent_at")) {
                            long sentAt = OffsetDateTime.parse(event.get("sent_at").asText()).toInstant().toEpochMilli();
                            assertThat(eventTime - sentAt).as(where).isGreaterThanOrEqualTo(Duration.ofDays(30).toMillis());
                        }
                    }
                    case DUPLICATE_EVENT -> assertThat(seen).as("re-send of an earlier line: " + where).contains(text);
                }
            }
        }
    }

    @Test
    void badRecordRateIsCloseToTheConfiguredRateAndEveryReasonOccurs()
    {
        double rate = (double) result.badLines() / result.totalLines();
        assertThat(rate).isBetween(BAD_RATE * 0.8, BAD_RATE * 1.2);
        assertThat(result.badRecords().values()).allMatch(count -> count > 0);
        long listed = files.bad.values().stream().mapToLong(Map::size).sum();
        assertThat(listed).isEqualTo(result.badLines());
    }

    @Test
    void everyIdentifierInAGoodEventBelongsToTheGroundTruth()
    {
        for (OmoSource source : OmoSource.values()) {
            for (Map.Entry<Long, JsonNode> record : files.goodRecords(source)) {
                for (String key : GeneratedFiles.identifierKeys(record.getValue())) {
                    assertThat(files.groundTruth).as("%s line %s", source.fileName(), record.getKey()).containsKey(key);
                }
            }
        }
    }

    @Test
    void personsInOneEventAgreeUnlessTheEventIsFlaggedAsHazard()
    {
        int multiPerson = 0;
        for (OmoSource source : OmoSource.values()) {
            for (Map.Entry<Long, JsonNode> record : files.goodRecords(source)) {
                Set<String> common = null;
                boolean ambiguous = false;
                for (String key : GeneratedFiles.identifierKeys(record.getValue())) {
                    Set<String> owners = files.groundTruth.get(key);
                    if (owners.contains(GroundTruth.SHARED) || owners.size() > 1) {
                        ambiguous = true;
                    }
                    if (owners.contains(GroundTruth.SHARED)) {
                        continue;
                    }
                    if (common == null) {
                        common = new LinkedHashSet<>(owners);
                    }
                    else {
                        common.retainAll(owners);
                    }
                }
                String where = source.fileName() + " line " + record.getKey();
                if (common != null) {
                    assertThat(common).as("one person behind " + where).isNotEmpty();
                }
                if (ambiguous) {
                    multiPerson++;
                    assertThat(files.hazards.get(source)).as("shared identifier flagged at " + where).containsKey(record.getKey());
                }
            }
        }
        assertThat(multiPerson).isGreaterThan(0);
    }

    @Test
    void groundTruthHoldsNormalisedValuesAndOneOwnerPerPersonalIdentifier()
    {
        Map<String, Integer> personsPerType = new HashMap<>();
        for (Map.Entry<String, Set<String>> entry : files.groundTruth.entrySet()) {
            String type = entry.getKey().substring(0, entry.getKey().indexOf('|'));
            String value = entry.getKey().substring(entry.getKey().indexOf('|') + 1);
            switch (type) {
                case "PHONE" -> assertThat(value).matches("1\\d{10}");
                case "WECHAT_OPENID" -> assertThat(value).matches("o[\\w-]{27}@wx[0-9a-f]{16}");
                case "EMAIL" -> assertThat(value).isLowerCase();
                default -> assertThat(value).doesNotContain(",");
            }
            if (entry.getValue().size() > 1) {
                personsPerType.merge(type, 1, Integer::sum);
            }
        }
        // several owners only for the family tablets, the test phone and recycled numbers
        assertThat(personsPerType.keySet()).containsOnly("PHONE", "OAID", "ANDROID_ID", "IDFA");
        assertThat(files.persons).hasSize(1500);
    }

    @Test
    void manifestCountsMatchTheFiles()
            throws IOException
    {
        JsonNode manifest = files.manifest();
        assertThat(manifest.at("/settings/members").asInt()).isEqualTo(1500);
        assertThat(manifest.at("/persons").asInt()).isEqualTo(1500);
        for (OmoSource source : OmoSource.values()) {
            JsonNode counts = manifest.get("files").get(source.fileName());
            assertThat(counts.get("lines").asLong()).isEqualTo(files.lines.get(source).size());
            assertThat(counts.get("bad").asLong()).isEqualTo(files.bad.get(source).size());
            assertThat(counts.get("good").asLong()).isEqualTo(files.lines.get(source).size() - files.bad.get(source).size());
        }
        for (BadRecordReason reason : BadRecordReason.values()) {
            long listed = files.bad.values().stream().flatMap(byLine -> byLine.values().stream()).filter(reason::equals).count();
            assertThat(manifest.get("bad_records").get(reason.name()).asLong()).as(reason.name()).isEqualTo(listed);
        }
        assertThat(manifest.get("ground_truth_rows").asLong()).isEqualTo(files.groundTruth.values().stream().mapToLong(Set::size).sum());
    }

    @Test
    void loginsAndBindingsPutIdentifiersThatShouldLinkInTheSameEvent()
    {
        assertThat(files.goodRecords(OmoSource.WEB_EVENTS)).anySatisfy(record -> {
            JsonNode event = record.getValue();
            assertThat(event.get("event_type").asText()).isEqualTo("login");
            assertThat(event.at("/identifiers/web_anonymous_id").isTextual()).isTrue();
            assertThat(event.at("/identifiers/phone").isTextual()).isTrue();
            assertThat(event.at("/identifiers/phone_verified").asBoolean()).isTrue();
        });
        assertThat(files.goodRecords(OmoSource.MINI_PROGRAM_EVENTS)).anySatisfy(record -> {
            JsonNode event = record.getValue();
            assertThat(event.get("event_type").asText()).isEqualTo("authorize_phone");
            assertThat(event.at("/identifiers/wechat_unionid").isTextual()).isTrue();
            assertThat(event.at("/identifiers/wechat_openid").isTextual()).isTrue();
            assertThat(event.at("/identifiers/wechat_appid").asText()).startsWith("wx");
            assertThat(event.at("/identifiers/phone").isTextual()).isTrue();
        });
        assertThat(files.goodRecords(OmoSource.APP_EVENTS)).anySatisfy(record -> {
            JsonNode event = record.getValue();
            assertThat(event.get("event_type").asText()).isEqualTo("bind_phone");
            assertThat(event.at("/identifiers/member_card").isTextual()).isTrue();
            assertThat(event.at("/identifiers/phone_verified").asBoolean()).isTrue();
        });
        assertThat(files.goodRecords(OmoSource.POS_TRANSACTIONS)).anySatisfy(record -> {
            JsonNode event = record.getValue();
            assertThat(event.at("/identifiers/member_card").isTextual()).isTrue();
            assertThat(event.at("/identifiers/payment_token").isTextual()).isTrue();
            assertThat(event.get("business_day").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
            assertThat(event.get("items").size()).isPositive();
        });
        // one unionid seen with openids of at least two of the brand's WeChat apps
        Map<String, Set<String>> appsPerUnionid = new HashMap<>();
        for (Map.Entry<Long, JsonNode> record : files.goodRecords(OmoSource.MINI_PROGRAM_EVENTS)) {
            JsonNode ids = record.getValue().get("identifiers");
            if (ids.hasNonNull("wechat_unionid")) {
                appsPerUnionid.computeIfAbsent(ids.get("wechat_unionid").asText(), ignored -> new HashSet<>()).add(ids.get("wechat_appid").asText());
            }
        }
        assertThat(appsPerUnionid.values()).anyMatch(apps -> apps.size() >= 2);
    }

    @Test
    void phonesArriveInTheFormatsClientsAndCashiersUse()
    {
        Set<String> shapes = new HashSet<>();
        for (OmoSource source : OmoSource.values()) {
            for (Map.Entry<Long, JsonNode> record : files.goodRecords(source)) {
                JsonNode phone = record.getValue().at("/identifiers/phone");
                if (phone.isTextual()) {
                    shapes.add(phone.asText().replaceAll("\\d", "9"));
                }
            }
        }
        assertThat(shapes).contains("99999999999", "+99 999-9999-9999", "9999 99999999999", "9999999999999", "999 9999 9999", "999-9999-9999");
    }

    @Test
    void onlineOrdersAndBasketsAddUpInFen()
    {
        for (OmoSource source : List.of(OmoSource.WEB_EVENTS, OmoSource.APP_EVENTS, OmoSource.MINI_PROGRAM_EVENTS)) {
            for (Map.Entry<Long, JsonNode> record : files.goodRecords(source)) {
                JsonNode commerce = record.getValue().get("commerce");
                if (commerce != null && record.getValue().get("event_type").asText().equals("order")) {
                    assertThat(commerce.get("order_id").asText()).startsWith("SO");
                    assertThat(commerce.get("amount_minor").asLong()).isEqualTo(sumOfLines(commerce.get("items")));
                }
            }
        }
        for (Map.Entry<Long, JsonNode> record : files.goodRecords(OmoSource.POS_TRANSACTIONS)) {
            JsonNode basket = record.getValue();
            assertThat(basket.get("total_minor").asLong()).isEqualTo(sumOfLines(basket.get("items")));
            if (basket.get("transaction_type").asText().equals("RETURN")) {
                assertThat(basket.get("total_minor").asLong()).isNegative();
            }
        }
    }

    @Test
    void consentJourneysCoverPurposesChannelsActionsAndPolicyVersions()
    {
        Set<String> purposes = new HashSet<>();
        Set<String> channels = new HashSet<>();
        Set<String> actions = new HashSet<>();
        Set<String> policies = new HashSet<>();
        Set<String> methods = new HashSet<>();
        boolean recipient = false;
        for (Map.Entry<Long, JsonNode> record : files.goodRecords(OmoSource.CONSENT_EVENTS)) {
            JsonNode consent = record.getValue();
            purposes.add(consent.get("purpose").asText());
            if (consent.hasNonNull("channel")) {
                channels.add(consent.get("channel").asText());
            }
            actions.add(consent.get("action").asText());
            policies.add(consent.get("policy_version").asText());
            methods.add(consent.at("/evidence/method").asText());
            recipient |= consent.get("purpose").asText().equals("THIRD_PARTY_SHARING") && consent.hasNonNull("recipient");
        }
        assertThat(purposes).contains("MARKETING", "PERSONALIZATION", "THIRD_PARTY_SHARING", "CROSS_BORDER_TRANSFER");
        assertThat(channels).contains("SMS", "APP_PUSH", "WECHAT_SUBSCRIBE", "WECOM", "CALL");
        assertThat(actions).containsExactlyInAnyOrder("GRANT", "DENY", "WITHDRAW");
        assertThat(policies).containsExactlyInAnyOrder("2025-01", "2026-03");
        assertThat(methods).contains("checkbox", "toggle", "sms_reply", "staff_recorded", "paper_form", "portal");
        assertThat(recipient).isTrue();
    }

    @Test
    void someMembersWithdrawAndGrantAgain()
    {
        Map<String, List<String>> actionsPerMemberChannel = new HashMap<>();
        for (Map.Entry<Long, JsonNode> record : files.goodRecords(OmoSource.CONSENT_EVENTS)) {
            JsonNode consent = record.getValue();
            if (consent.at("/identifiers/member_card").isTextual() && consent.hasNonNull("channel")) {
                actionsPerMemberChannel.computeIfAbsent(consent.at("/identifiers/member_card").asText() + consent.get("channel").asText(), ignored -> new ArrayList<>())
                        .add(consent.get("action").asText());
            }
        }
        assertThat(actionsPerMemberChannel.values()).anyMatch(actions -> actions.indexOf("WITHDRAW") >= 0 && actions.lastIndexOf("GRANT") > actions.indexOf("WITHDRAW"));
    }

    private static long sumOfLines(JsonNode items)
    {
        long sum = 0;
        for (JsonNode item : items) {
            sum += item.get("line_total_minor").asLong();
        }
        return sum;
    }
}
