package org.opencdp.ingestion.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencdp.schemas.avro.ConsentAction;
import org.opencdp.schemas.avro.ConsentEvent;
import org.opencdp.schemas.avro.ConsentPurpose;
import org.opencdp.schemas.avro.PosTransaction;
import org.opencdp.schemas.avro.Source;
import org.opencdp.schemas.avro.TransactionType;
import org.opencdp.schemas.avro.WebEvent;
import org.opencdp.schemas.contract.Contract;

class JsonEventDecoderTest {
    private final JsonEventDecoder decoder = JsonEventDecoder.withDefaults();

    private static final String WEB_EVENT = """
            {"event_id": "w-1", "event_time": "2024-05-01T10:15:30.123+08:00",
             "identifiers": {"web_anonymous_id": "anon-1", "phone": "+86 138-0013-8000", "phone_verified": true},
             "context": {"platform": "web", "latitude": 31.23, "longitude": 121},
             "properties": {"color": "red"},
             "event_type": "order", "page_url": "https://shop.example/checkout",
             "commerce": {"order_id": "o-1", "amount_minor": 12900,
                          "items": [{"sku": "sku-1", "quantity": 1.5, "unit_price_minor": 8600, "line_total_minor": 12900}]},
             "a_field_from_a_newer_sdk": {"anything": [1, 2, 3]}}
            """;

    @Test
    void decodesAValidEventIntoTheGeneratedClass() {
        DecodeResult result = decode(WEB_EVENT, Contract.WEB_EVENT);

        assertThat(result).isInstanceOf(Decoded.class);
        WebEvent event = (WebEvent) ((Decoded) result).record();
        assertThat(event.getEventId()).isEqualTo("w-1");
        assertThat(event.getSource()).as("default of the contract").isEqualTo(Source.WEB);
        assertThat(event.getSchemaVersion()).isEqualTo(1);
        assertThat(event.getEventTime()).isEqualTo(Instant.parse("2024-05-01T02:15:30.123Z"));
        assertThat(event.getSentAt()).isNull();
        assertThat(event.getIdentifiers().getPhone()).isEqualTo("+86 138-0013-8000");
        assertThat(event.getIdentifiers().getPhoneVerified()).isTrue();
        assertThat(event.getContext().getLongitude()).isEqualTo(121.0);
        assertThat(event.getProperties()).containsExactly(Map.entry("color", "red"));
        assertThat(event.getCommerce().getCurrency()).as("default of a nested record").isEqualTo("CNY");
        assertThat(event.getCommerce().getItems()).singleElement()
                .satisfies(item -> {
                    assertThat(item.getQuantity()).isEqualTo(1.5);
                    assertThat(item.getDiscountMinor()).isZero();
                });
        assertThat(event.getSearchQuery()).isNull();
    }

    @Test
    void acceptsEpochMillisDatesEnumsInLowerCaseAndNestedRecords() {
        DecodeResult pos = decode("""
                {"event_id": "p-1", "event_time": 1714529730000, "identifiers": {"member_card": "C001"},
                 "transaction_id": "T1", "transaction_type": "return", "store_id": "S01",
                 "business_day": "2024-05-01", "total_minor": -500, "items": []}
                """, Contract.POS_TRANSACTION);
        DecodeResult consent = decode("""
                {"event_id": "c-1", "event_time": "2024-05-01T00:00:00Z", "identifiers": {"phone": "13800138000"},
                 "purpose": "MARKETING", "channel": "SMS", "action": "GRANT", "policy_version": "2024-01",
                 "evidence": {"method": "checkbox"}}
                """, Contract.CONSENT_EVENT);

        PosTransaction transaction = (PosTransaction) ((Decoded) pos).record();
        assertThat(transaction.getEventTime()).isEqualTo(Instant.ofEpochMilli(1714529730000L));
        assertThat(transaction.getTransactionType()).isEqualTo(TransactionType.RETURN);
        assertThat(transaction.getBusinessDay()).isEqualTo(LocalDate.of(2024, 5, 1));
        assertThat(transaction.getSource()).isEqualTo(Source.POS);
        ConsentEvent grant = (ConsentEvent) ((Decoded) consent).record();
        assertThat(grant.getPurpose()).isEqualTo(ConsentPurpose.MARKETING);
        assertThat(grant.getAction()).isEqualTo(ConsentAction.GRANT);
        assertThat(grant.getEvidence().getMethod()).isEqualTo("checkbox");
        assertThat(grant.getGuardianConsent()).isFalse();
    }

    static Stream<Arguments> badPayloads() {
        String head = "\"event_id\": \"e-9\", \"identifiers\": {}, \"event_type\": \"page_view\"";
        return Stream.of(
                Arguments.of("truncated", "{\"event_id\": \"e-9\", ", ReasonCode.MALFORMED_JSON, null),
                Arguments.of("not an object", "[1, 2]", ReasonCode.MALFORMED_JSON, null),
                Arguments.of("trailing garbage", "{" + head + ", \"event_time\": 1} {}", ReasonCode.MALFORMED_JSON, null),
                Arguments.of("duplicate key", "{" + head + ", \"event_time\": 1, \"event_time\": 2}", ReasonCode.MALFORMED_JSON, null),
                Arguments.of("empty", "", ReasonCode.MALFORMED_JSON, null),
                Arguments.of("no event time", "{" + head + "}", ReasonCode.MISSING_FIELD, "event_time"),
                Arguments.of("null event id", "{\"event_id\": null, \"identifiers\": {}, \"event_type\": \"x\", \"event_time\": 1}",
                        ReasonCode.MISSING_FIELD, "event_id"),
                Arguments.of("line without sku", "{" + head + ", \"event_time\": 1, \"commerce\": {\"items\": [{\"quantity\": 1, "
                        + "\"unit_price_minor\": 1, \"line_total_minor\": 1}]}}", ReasonCode.MISSING_FIELD, "commerce.items[0].sku"),
                Arguments.of("boolean time", "{" + head + ", \"event_time\": true}", ReasonCode.WRONG_TYPE, "event_time"),
                Arguments.of("numeric phone", "{\"event_id\": \"e-9\", \"event_type\": \"x\", \"event_time\": 1, "
                        + "\"identifiers\": {\"phone\": 13800138000}}", ReasonCode.WRONG_TYPE, "identifiers.phone"),
                Arguments.of("numeric property", "{" + head + ", \"event_time\": 1, \"properties\": {\"size\": 42}}",
                        ReasonCode.WRONG_TYPE, "properties.size"),
                Arguments.of("identifiers as string", "{\"event_id\": \"e-9\", \"event_type\": \"x\", \"event_time\": 1, "
                        + "\"identifiers\": \"13800138000\"}", ReasonCode.WRONG_TYPE, "identifiers"),
                Arguments.of("bad timestamp text", "{" + head + ", \"event_time\": \"yesterday\"}", ReasonCode.INVALID_VALUE, "event_time"),
                Arguments.of("timestamp without offset", "{" + head + ", \"event_time\": \"2024-05-01T10:00:00\"}",
                        ReasonCode.INVALID_VALUE, "event_time"),
                Arguments.of("fractional millis", "{" + head + ", \"event_time\": 1.5}", ReasonCode.INVALID_VALUE, "event_time"),
                Arguments.of("unknown enum symbol", "{" + head + ", \"event_time\": 1, \"source\": \"FAX\"}",
                        ReasonCode.INVALID_VALUE, "source"),
                Arguments.of("int out of range", "{" + head + ", \"event_time\": 1, \"schema_version\": 3000000000}",
                        ReasonCode.INVALID_VALUE, "schema_version"),
                Arguments.of("blank event id", "{\"event_id\": \" \", \"identifiers\": {}, \"event_type\": \"x\", \"event_time\": 1}",
                        ReasonCode.INVALID_VALUE, "event_id"),
                Arguments.of("too deep", "{" + head + ", \"event_time\": 1, \"extra\": " + "[".repeat(40) + "]".repeat(40) + "}",
                        ReasonCode.TOO_DEEP, null),
                Arguments.of("huge string", "{" + head + ", \"event_time\": 1, \"page_url\": \"" + "x".repeat(20_000) + "\"}",
                        ReasonCode.OVERSIZED, null),
                Arguments.of("huge number", "{" + head + ", \"event_time\": 1" + "0".repeat(100) + "}",
                        ReasonCode.OVERSIZED, null),
                Arguments.of("huge payload", "{" + head + ", \"event_time\": 1, \"p\": [" + "\"abcdefgh\",".repeat(40_000) + "1]}",
                        ReasonCode.OVERSIZED, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPayloads")
    void mapsEveryBadPayloadToItsReasonAndField(String description, String json, ReasonCode reason, String field) {
        DecodeResult result = decode(json, Contract.WEB_EVENT);

        assertThat(result).isInstanceOf(Rejection.class);
        Rejection rejection = (Rejection) result;
        assertThat(rejection.reasonCode()).as(rejection.message()).isEqualTo(reason);
        assertThat(rejection.fieldPath()).isEqualTo(field);
        assertThat(rejection.message()).isNotBlank();
    }

    @Test
    void rejectsInvalidUtf8AsMalformedJson() {
        byte[] payload = "{\"event_id\": \"e-1\", \"x\": \"??\"}".getBytes(StandardCharsets.US_ASCII);
        payload[payload.length - 4] = (byte) 0xC3;
        payload[payload.length - 3] = (byte) 0x28;

        Rejection rejection = (Rejection) decoder.decode(payload, Contract.WEB_EVENT);

        assertThat(rejection.reasonCode()).isEqualTo(ReasonCode.MALFORMED_JSON);
        assertThat(rejection.message()).contains("UTF-8");
    }

    @Test
    void keepsTheEventIdOfARejectedEventWhenItIsReadable() {
        Rejection rejection = (Rejection) decode(
                "{\"event_id\": \"e-42\", \"identifiers\": {}, \"event_type\": \"x\", \"event_time\": \"soon\"}",
                Contract.WEB_EVENT);

        assertThat(rejection.eventId()).isEqualTo("e-42");
    }

    @Test
    void rejectsAnEventTimeBeyondTheToleranceAfterTheServerTime() {
        Instant receivedAt = Instant.parse("2024-05-01T10:00:00Z");
        JsonEventDecoder strict = new JsonEventDecoder(DecoderLimits.defaults().withFutureTolerance(Duration.ofMinutes(5)));

        DecodeResult withinTolerance = strict.decode(bytes("""
                {"event_id": "f-1", "identifiers": {}, "event_type": "x", "event_time": "2024-05-01T10:04:59Z"}
                """), Contract.WEB_EVENT, receivedAt);
        DecodeResult beyond = strict.decode(bytes("""
                {"event_id": "f-2", "identifiers": {}, "event_type": "x", "event_time": "2024-05-01T10:05:01Z"}
                """), Contract.WEB_EVENT, receivedAt);

        assertThat(withinTolerance).isInstanceOf(Decoded.class);
        assertThat(beyond).isEqualTo(new Rejection(ReasonCode.FUTURE_TIMESTAMP, "event_time",
                ((Rejection) beyond).message(), "f-2"));
    }

    @Test
    void correctsClientClockSkewWithSentAtAndKeepsTheClientTime() {
        // the device clock runs two hours ahead: the event happened 30 s before the batch was sent
        Instant receivedAt = Instant.parse("2024-05-01T10:00:00Z");
        DecodeResult result = decoder.decode(bytes("""
                {"event_id": "s-1", "identifiers": {}, "event_type": "x",
                 "event_time": "2024-05-01T11:59:30Z", "sent_at": "2024-05-01T12:00:00Z",
                 "received_at": "1999-01-01T00:00:00Z"}
                """), Contract.WEB_EVENT, receivedAt);

        WebEvent event = (WebEvent) ((Decoded) result).record();
        assertThat(event.getEventTime()).isEqualTo(Instant.parse("2024-05-01T09:59:30Z"));
        assertThat(event.getClientEventTime()).isEqualTo(Instant.parse("2024-05-01T11:59:30Z"));
        assertThat(event.getReceivedAt()).as("set by the server only").isEqualTo(receivedAt);
    }

    @Test
    void leavesEventTimeAloneWithoutSentAt() {
        Instant receivedAt = Instant.parse("2024-05-01T10:00:00Z");
        WebEvent event = (WebEvent) ((Decoded) decoder.decode(bytes("""
                {"event_id": "s-2", "identifiers": {}, "event_type": "x", "event_time": "2024-04-30T10:00:00Z",
                 "client_event_time": "2020-01-01T00:00:00Z"}
                """), Contract.WEB_EVENT, receivedAt)).record();

        assertThat(event.getEventTime()).isEqualTo(Instant.parse("2024-04-30T10:00:00Z"));
        assertThat(event.getClientEventTime()).isNull();
        assertThat(event.getReceivedAt()).isEqualTo(receivedAt);
    }

    private DecodeResult decode(String json, Contract contract) {
        return decoder.decode(bytes(json), contract);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
