package org.opencdp.launcher.bench;

import org.opencdp.launcher.edge.EdgePipelines;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.opencdp.infra.kafka.EmbeddedKafkaBroker;
import org.opencdp.ingestion.collector.CollectorServer;
import org.opencdp.ingestion.collector.WriteKeyStore;
import org.opencdp.ingestion.edge.Accepted;
import org.opencdp.ingestion.edge.EdgeBatch;
import org.opencdp.ingestion.edge.EdgeOutcome;
import org.opencdp.ingestion.edge.EdgePipeline;
import org.opencdp.ingestion.edge.IngestStage;
import org.opencdp.ingestion.kafka.TopicAdmin;
import org.opencdp.ingestion.vault.SqliteContactVault;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.config.CollectorSettings;
import org.opencdp.schemas.avro.WebEvent;
import org.opencdp.schemas.contract.Contract;

/**
 * The HTTP collector on loopback under a bounded load (N concurrent clients posting batches of 50 generated web
 * events, a fixed total, against an embedded broker, answered only after Kafka acknowledged) against its ceiling:
 * the same events validated, tokenized and Avro-encoded in process, without HTTP, vault or Kafka, on as many
 * threads as there are cores.
 */
final class CollectorBenchmark implements Benchmark {
    private static final int BATCH_SIZE = 50;

    @Override
    public String name() {
        return "collector";
    }

    @Override
    public String description() {
        return "HTTP collector on loopback (batches of 50, Kafka-acknowledged) vs validate + tokenize + Avro-encode in process";
    }

    @Override
    public BenchReport run(BenchContext context) throws Exception {
        boolean full = context.scale() == BenchContext.Scale.FULL;
        int batches = full ? 4_000 : 600;
        int clients = full ? 16 : 8;
        int cores = Runtime.getRuntime().availableProcessors();
        List<List<byte[]>> events = generate(batches, 7);
        List<byte[]> bodies = events.stream().map(CollectorBenchmark::body).toList();
        long total = (long) batches * BATCH_SIZE;

        Path home = Files.createTempDirectory(context.workDir(), "collector-home");
        CdpConfig config = CdpConfig.forHome(home);
        EdgePipeline pipeline = EdgePipelines.of(config);

        // ceiling: same events, same pipeline, Avro single-object encoding, one thread per core
        inProcess(pipeline, events.subList(0, Math.min(batches, 200)), cores);
        long ceilingStart = System.nanoTime();
        long ceilingAccepted = inProcess(pipeline, events, cores);
        double ceilingSeconds = (System.nanoTime() - ceilingStart) / 1e9;

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.defaults()
                .withLogDirectory(Files.createTempDirectory(context.workDir(), "collector-kafka")));
                SqliteContactVault vault = SqliteContactVault.open(config.vault())) {
            TopicAdmin.ensureTopics(broker.bootstrapServers(), config.kafka().defaultPartitions());
            WriteKeyStore keys = WriteKeyStore.inHome(home);
            String key = keys.create(EnumSet.of(Contract.WEB_EVENT)).key();
            CollectorSettings settings = CollectorSettings.defaults("127.0.0.1", 0)
                    .withRateLimit(1_000_000, 1_000_000)
                    .withAckTimeout(Duration.ofSeconds(30));
            try (CollectorServer server = CollectorServer.start(settings, broker.bootstrapServers(), pipeline, vault, keys)) {
                URI uri = server.uri().resolve(CollectorServer.EVENTS_PATH);
                // warm-up: other event ids, so the measured run stores only its own
                load(uri, key, generate(Math.min(batches, 200), 11).stream().map(CollectorBenchmark::body).toList(), clients);
                long start = System.nanoTime();
                long[] latencies = load(uri, key, bodies, clients);
                double seconds = (System.nanoTime() - start) / 1e9;
                Arrays.sort(latencies);
                double rate = total / seconds;
                double ceilingRate = total / ceilingSeconds;
                return new BenchReport(
                        "Collector: %,d web events in %,d batches of %d over HTTP on loopback, %d concurrent clients".formatted(total, batches, BATCH_SIZE, clients),
                        context.command(),
                        BenchContext.environment(),
                        List.of("path", "seconds", "events/s", "events/s per core", "batch p50 ms", "batch p99 ms", "ratio vs peer"),
                        List.of(
                                List.of("HTTP collector: parse, validate, tokenize, vault, Kafka acks=all (embedded broker)", fmt(seconds), rate(rate),
                                        rate(rate / cores), millis(latencies, 0.50), millis(latencies, 0.99), "%.2f".formatted(rate / ceilingRate)),
                                List.of("in process: validate + tokenize + Avro-encode (peer, ceiling; no HTTP, vault or Kafka)", fmt(ceilingSeconds),
                                        rate(ceilingRate), rate(ceilingRate / cores), "-", "-", "1.00")),
                        List.of("%,d events accepted in process; every HTTP batch answered 200 with all %d accepted".formatted(ceilingAccepted, BATCH_SIZE),
                                "per core = divided by all %d cores; the load generator (java.net.http) and the embedded broker run on the same cores as the collector".formatted(cores),
                                "every event carries a phone number and an e-mail address, so each batch also writes 100 contact points to the vault"));
            }
        }
    }

    private static long inProcess(EdgePipeline pipeline, List<List<byte[]>> batches, int threads) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            AtomicInteger next = new AtomicInteger();
            List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(executor.submit(() -> {
                    long accepted = 0;
                    for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
                        EdgeBatch batch = pipeline.newBatch("bench-" + i, IngestStage.COLLECTOR);
                        for (byte[] event : batches.get(i)) {
                            EdgeOutcome outcome = batch.process(Contract.WEB_EVENT, event);
                            if (outcome instanceof Accepted accepted1) {
                                ((WebEvent) accepted1.record()).toByteBuffer();
                                accepted++;
                            }
                        }
                    }
                    return accepted;
                }));
            }
            long accepted = 0;
            for (Future<Long> result : results) {
                accepted += result.get(10, TimeUnit.MINUTES);
            }
            return accepted;
        }
        finally {
            executor.shutdownNow();
        }
    }

    /** Posts every body once with {@code clients} concurrent clients; returns each batch's latency in nanoseconds. */
    private static long[] load(URI uri, String key, List<byte[]> bodies, int clients) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        long[] latencies = new long[bodies.size()];
        ExecutorService executor = Executors.newFixedThreadPool(clients);
        try {
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(executor.submit(() -> {
                    for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                        HttpRequest request = HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(60))
                                .header("Authorization", "Bearer " + key)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i)))
                                .build();
                        long start = System.nanoTime();
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        latencies[i] = System.nanoTime() - start;
                        if (response.statusCode() != 200 || !response.body().contains("\"accepted\":" + BATCH_SIZE + ",")) {
                            throw new IllegalStateException("Batch %d answered %d: %s".formatted(i, response.statusCode(),
                                    response.body().substring(0, Math.min(300, response.body().length()))));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(30, TimeUnit.MINUTES);
            }
        }
        finally {
            executor.shutdownNow();
        }
        return latencies;
    }

    /** Batches of realistic web events: every one with a phone (in varied client formats) and an e-mail. */
    private static List<List<byte[]>> generate(int batches, long seed) {
        Random random = new Random(seed);
        String[] types = {"page_view", "product_view", "search", "add_to_cart", "checkout", "order", "login"};
        String[] formats = {"+86 %s-%s-%s", "0086%s%s%s", "%s %s %s", "%s%s%s"};
        Instant now = Instant.now();
        List<List<byte[]>> result = new ArrayList<>(batches);
        for (int b = 0; b < batches; b++) {
            List<byte[]> batch = new ArrayList<>(BATCH_SIZE);
            for (int e = 0; e < BATCH_SIZE; e++) {
                int person = random.nextInt(200_000);
                String digits = String.format(Locale.ROOT, "13%09d", person);
                String phone = formats[random.nextInt(formats.length)].formatted(digits.substring(0, 3), digits.substring(3, 7), digits.substring(7));
                String event = """
                        {"event_id":"%d-%d-%d","event_time":"%s","event_type":"%s","identifiers":{"phone":"%s","email":"Person%d@Example.com","web_anonymous_id":"anon-%d"},"context":{"platform":"web","locale":"zh-CN","user_agent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64)"},"properties":{"campaign":"spring","referrer":"search"},"page_url":"https://shop.example/p/%d"}"""
                        .formatted(seed, b, e, now.minusSeconds(random.nextInt(3600)), types[random.nextInt(types.length)], phone, person, person,
                                random.nextInt(5000));
                batch.add(event.getBytes(StandardCharsets.UTF_8));
            }
            result.add(batch);
        }
        return result;
    }

    private static byte[] body(List<byte[]> events) {
        StringBuilder body = new StringBuilder("{\"source\":\"web\",\"sent_at\":\"").append(Instant.now()).append("\",\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            body.append(i == 0 ? "" : ",").append(new String(events.get(i), StandardCharsets.UTF_8));
        }
        return body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String millis(long[] sorted, double quantile) {
        int index = Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1);
        return String.format(Locale.ROOT, "%.1f", sorted[Math.max(0, index)] / 1e6);
    }

    private static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }

    private static String rate(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
