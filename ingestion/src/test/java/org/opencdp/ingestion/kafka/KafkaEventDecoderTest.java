package org.opencdp.ingestion.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.opencdp.schemas.avro.Commerce;
import org.opencdp.schemas.avro.Identifiers;
import org.opencdp.schemas.avro.WebEvent;
import org.opencdp.schemas.contract.Contract;

class KafkaEventDecoderTest {
    private final KafkaEventDecoder decoder = new KafkaEventDecoder();

    @Test
    void findsTheContractByHeaderElseByTopic() {
        byte[] value = ContractCodec.encode(Contract.WEB_EVENT, webEvent());

        assertThat(decoder.decode(consumed("cdp.web.events", value, null))).isEqualTo(webEvent());
        assertThat(decoder.decode(consumed("mirror.of.web", value, Contract.WEB_EVENT.name())))
                .as("a mirrored topic still decodes through the header")
                .isEqualTo(webEvent());
        assertThat(KafkaEventDecoder.contractOf("cdp.pos.transactions", null)).contains(Contract.POS_TRANSACTION);
        assertThat(KafkaEventDecoder.contractOf("unknown", null)).isEmpty();
    }

    @Test
    void rejectsWhatIsNotARecordOfTheContractWithTheRecordsLocation() {
        byte[] web = ContractCodec.encode(Contract.WEB_EVENT, webEvent());

        assertThatThrownBy(() -> decoder.decode(consumed("cdp.pos.transactions", web, null)))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("cdp.pos.transactions-0@42")
                .hasMessageContaining("POS_TRANSACTION");
        assertThatThrownBy(() -> decoder.decode(consumed("cdp.web.events", "{\"event_id\": 1}".getBytes(UTF_8), null)))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("not a decodable WEB_EVENT record");
        assertThatThrownBy(() -> decoder.decode(consumed("elsewhere", web, null)))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("has no known contract");
    }

    @Test
    void resolvesAnOlderWriterSchemaItIsGiven() throws Exception {
        // the release before "commerce" was added to web events
        Schema older = withoutLastField(WebEvent.getClassSchema(), "commerce");
        WebEvent current = webEvent();
        current.setCommerce(Commerce.newBuilder().setOrderId("o-1").setAmountMinor(100L).setItems(List.of()).build());
        byte[] writtenByOlderRelease = new BinaryMessageEncoder<WebEvent>(SpecificData.getForClass(WebEvent.class), older)
                .encode(current).array();

        assertThatThrownBy(() -> decoder.decode(Contract.WEB_EVENT, writtenByOlderRelease))
                .as("the current schema alone does not know the older fingerprint")
                .isInstanceOf(UndecodableRecordException.class);

        SchemaStore.Cache released = new SchemaStore.Cache();
        released.addSchema(older);
        WebEvent decoded = (WebEvent) new KafkaEventDecoder(released).decode(Contract.WEB_EVENT, writtenByOlderRelease);

        WebEvent expected = webEvent();
        assertThat(decoded).isEqualTo(expected);
        assertThat(decoded.getCommerce()).as("the default of a field the writer did not know").isNull();
    }

    private static Schema withoutLastField(Schema schema, String name) throws Exception {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(schema.toString());
        ArrayNode fields = (ArrayNode) json.get("fields");
        assertThat(fields.get(fields.size() - 1).get("name").asText()).isEqualTo(name);
        fields.remove(fields.size() - 1);
        return new Schema.Parser().parse(json.toString());
    }

    private static WebEvent webEvent() {
        return WebEvent.newBuilder()
                .setEventId("w-1")
                .setEventTime(Instant.parse("2024-05-01T10:00:00Z"))
                .setReceivedAt(Instant.parse("2024-05-01T10:00:01Z"))
                .setEventType("login")
                .setIdentifiers(Identifiers.newBuilder().setWebAnonymousId("token-1").setTokenizationKeyId("k").build())
                .build();
    }

    private static ConsumerRecord<byte[], byte[]> consumed(String topic, byte[] value, String contractHeader) {
        RecordHeaders headers = new RecordHeaders();
        if (contractHeader != null) {
            headers.add(new RecordHeader(org.opencdp.ingestion.kafka.RecordHeaders.CONTRACT, contractHeader.getBytes(UTF_8)));
        }
        return new ConsumerRecord<>(topic, 0, 42, 0L, TimestampType.CREATE_TIME, 0, value.length, null, value,
                headers, Optional.empty());
    }
}
