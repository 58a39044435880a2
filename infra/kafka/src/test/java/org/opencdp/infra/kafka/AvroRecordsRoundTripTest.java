package org.opencdp.infra.kafka;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opencdp.infra.kafka.KafkaRoundTrip.KeyValue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 120, unit = SECONDS)
class AvroRecordsRoundTripTest
{
    private static final Schema PURCHASE = SchemaBuilder.record("Purchase")
            .namespace("org.opencdp.infra.kafka.test")
            .fields()
            .requiredString("memberId")
            .requiredString("storeId")
            .requiredLong("amountCents")
            .name("occurredAt").type(org.apache.avro.LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
            .name("channel").type().enumeration("Channel").symbols("STORE", "WEB", "APP").noDefault()
            .optionalString("couponCode")
            .endRecord();

    @Test
    void avroBinaryValuesComeBackAsEqualRecordsInPartitionOrder()
            throws Exception
    {
        List<KeyValue<GenericRecord>> purchases = IntStream.range(0, 500)
                .mapToObj(AvroRecordsRoundTripTest::purchase)
                .map(purchase -> new KeyValue<>(purchase.get("memberId").toString(), purchase))
                .toList();

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics("purchases");
            Map<Integer, List<KeyValue<GenericRecord>>> sent = KafkaRoundTrip.produce(broker.bootstrapServers(), "purchases", purchases, new AvroBinarySerializer(PURCHASE));
            Map<Integer, List<KeyValue<GenericRecord>>> received = KafkaRoundTrip.consume(broker.bootstrapServers(), "purchases", "purchase-reader", purchases.size(), new AvroBinaryDeserializer(PURCHASE));

            assertThat(received).isEqualTo(sent);
            assertThat(received.values().stream().mapToInt(List::size).sum()).isEqualTo(purchases.size());
        }
    }

    private static GenericRecord purchase(int i)
    {
        GenericData.Record purchase = new GenericData.Record(PURCHASE);
        purchase.put("memberId", "member-" + (i % 53));
        purchase.put("storeId", "store-" + (i % 7));
        purchase.put("amountCents", 100L + i * 37L);
        purchase.put("occurredAt", 1_767_225_600_000L + i * 60_000L);
        purchase.put("channel", new GenericData.EnumSymbol(PURCHASE.getField("channel").schema(), List.of("STORE", "WEB", "APP").get(i % 3)));
        purchase.put("couponCode", i % 5 == 0 ? "COUPON-" + i : null);
        return purchase;
    }

    /**
     * Plain Avro binary encoding without a schema registry header: both sides know the schema.
     */
    private static final class AvroBinarySerializer
            implements Serializer<GenericRecord>
    {
        private final GenericDatumWriter<GenericRecord> writer;

        AvroBinarySerializer(Schema schema)
        {
            this.writer = new GenericDatumWriter<>(schema);
        }

        @Override
        public byte[] serialize(String topic, GenericRecord record)
        {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            try {
                writer.write(record, encoder);
                encoder.flush();
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
    }

    private static final class AvroBinaryDeserializer
            implements Deserializer<GenericRecord>
    {
        private final GenericDatumReader<GenericRecord> reader;

        AvroBinaryDeserializer(Schema schema)
        {
            this.reader = new GenericDatumReader<>(schema);
        }

        @Override
        public GenericRecord deserialize(String topic, byte[] data)
        {
            try {
                return reader.read(null, DecoderFactory.get().binaryDecoder(data, null));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
