package org.opencdp.launcher.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.opencdp.schemas.avro.Context;
import org.opencdp.schemas.avro.Identifiers;
import org.opencdp.schemas.avro.LineItem;
import org.opencdp.schemas.avro.PosTransaction;
import org.opencdp.schemas.avro.Source;
import org.opencdp.schemas.avro.TransactionType;

/**
 * Why events travel as Avro on Kafka: a POS basket encoded and decoded with the generated Avro classes
 * (single-object encoding, schema fingerprint included) against the same basket as JSON text through
 * Jackson, the format the SDKs send.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PosTransaction basket;
    private ByteBuffer avro;
    private byte[] json;

    @Setup
    public void setUp() throws Exception {
        basket = basket();
        avro = basket.toByteBuffer();
        json = basket.toString().getBytes(StandardCharsets.UTF_8);
    }

    @org.openjdk.jmh.annotations.Benchmark
    public PosTransaction avroRoundTrip() throws Exception {
        return PosTransaction.fromByteBuffer(basket.toByteBuffer());
    }

    @org.openjdk.jmh.annotations.Benchmark
    public Object jsonRoundTrip() throws Exception {
        return MAPPER.readValue(MAPPER.writeValueAsBytes(MAPPER.readValue(json, Map.class)), Map.class);
    }

    static PosTransaction basket() {
        List<LineItem> items = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            items.add(LineItem.newBuilder()
                    .setSku("69012345678" + i)
                    .setProductName("商品 " + i)
                    .setCategory("FRESH")
                    .setQuantity(1 + i % 3)
                    .setUnitPriceMinor(1290 + 100L * i)
                    .setDiscountMinor(i % 2 == 0 ? 0 : 100)
                    .setLineTotalMinor((1 + i % 3) * (1290 + 100L * i) - (i % 2 == 0 ? 0 : 100))
                    .build());
        }
        return PosTransaction.newBuilder()
                .setEventId("b6a1a3f0-3c1e-4f5e-9a4b-1f2d3c4b5a69")
                .setSource(Source.POS)
                .setEventTime(Instant.parse("2026-11-11T12:30:15.123Z"))
                .setReceivedAt(Instant.parse("2026-11-11T12:30:16.001Z"))
                .setIdentifiers(Identifiers.newBuilder()
                        .setMemberCard("k1V3bq0x2c8p4Yw0bS2kX7o1v9cQy3tZr6fJm5nL8hA")
                        .setPaymentToken("Qm9sdFRva2VuRXhhbXBsZVZhbHVlRm9yQmVuY2htYXJr")
                        .setTokenizationKeyId("k2026-01")
                        .build())
                .setContext(Context.newBuilder().setChannel("store").setStoreId("SH-0012").setTerminalId("POS-03").setPlatform("pos").build())
                .setProperties(Map.of("promotion", "double11"))
                .setTransactionId("SH-0012-20261111-000381")
                .setTransactionType(TransactionType.SALE)
                .setStoreId("SH-0012")
                .setTerminalId("POS-03")
                .setCashierId("C-114")
                .setTotalMinor(items.stream().mapToLong(LineItem::getLineTotalMinor).sum())
                .setPaymentMethod("wechat_pay")
                .setItems(items)
                .build();
    }

    /** Runs the JMH benchmarks above and reports Avro against Jackson JSON. */
    static final class Harness implements Benchmark {
        @Override
        public String name() {
            return "codec";
        }

        @Override
        public String description() {
            return "Avro single-object encode+decode of a POS basket vs the same basket as JSON through Jackson (JMH)";
        }

        @Override
        public BenchReport run(BenchContext context) throws Exception {
            Map<String, JmhRunner.Score> scores = JmhRunner.run(CodecBenchmark.class, context.scale());
            JmhRunner.Score avroScore = scores.get(CodecBenchmark.class.getName() + ".avroRoundTrip");
            JmhRunner.Score jsonScore = scores.get(CodecBenchmark.class.getName() + ".jsonRoundTrip");
            PosTransaction basket = basket();
            int avroBytes = basket.toByteBuffer().remaining();
            int jsonBytes = basket.toString().getBytes(StandardCharsets.UTF_8).length;
            return new BenchReport(
                    "Codec: Avro vs JSON round trip of one 6-line POS basket",
                    context.command(),
                    BenchContext.environment(),
                    List.of("codec", "round trips/s (1 thread)", "± error", "bytes/record", "ratio vs JSON"),
                    List.of(
                            List.of("Avro (generated classes)", format(avroScore.value()), format(avroScore.error()), Integer.toString(avroBytes),
                                    "%.2fx".formatted(avroScore.value() / jsonScore.value())),
                            List.of("JSON (Jackson, peer)", format(jsonScore.value()), format(jsonScore.error()), Integer.toString(jsonBytes), "1.00x")),
                    List.of("JMH, 1 fork, scale " + context.scale().name().toLowerCase()));
        }

        private static String format(double value) {
            return Double.isNaN(value) ? "n/a" : "%,.0f".formatted(value);
        }
    }
}
