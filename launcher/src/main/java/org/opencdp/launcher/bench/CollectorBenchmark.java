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
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
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
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.schemas.avro.WebEvent;
import org.opencdp.schemas.contract.Contract;

/**
 * The HTTP collector on loopback under a bounded load (N concurrent clients posting batches of 50 generated web
 * events, a fixed total, against an embedded broker, answered only after Kafka acknowledged) against its ceiling:
 * the same events validated, tokenized and Avro-encoded in process, without HTTP, vault or Kafka, on as many
 * threads as there are cores. The collector runs in its own process, so its CPU time per event is measured apart
 * from the load generator and the broker, and set against the peer's.
 */
final class CollectorBenchmark implements Benchmark {
    private static final int BATCH_SIZE = 50;
    /**
     * Batches each side runs before it is timed. The HTTP path has far more code for the JIT (Jetty, the HTTP client,
     * the Kafka client and broker) than the in-process peer: after 200 batches the compiler threads still took about
     * a third of the CPU of the timed HTTP run.
     */
    private static final int WARM_UP_BATCHES = 4_000;
    /** The timed batches run in this many slices, alternating peer and HTTP, so load from other processes hits both alike. */
    private static final int SLICES = 4;
    private static final List<String> COLLECTOR_JAVA_OPTIONS = List.of("-Xmx2g", "-XX:-UseDynamicNumberOfCompilerThreads");

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
        Path home = Files.createTempDirectory(context.workDir(), "collector-home");
        try {
            return run(context, home);
        } finally {
            BenchContext.deleteQuietly(home);
        }
    }

    private BenchReport run(BenchContext context, Path home) throws Exception {
        boolean full = context.scale() == BenchContext.Scale.FULL;
        int batches = full ? 4_000 : 600;
        int clients = full ? 16 : 8;
        int cores = Runtime.getRuntime().availableProcessors();
        List<List<byte[]>> events = generate(batches, 7);
        List<byte[]> bodies = events.stream().map(CollectorBenchmark::body).toList();
        long total = (long) batches * BATCH_SIZE;

        CdpConfig config = CdpConfig.forHome(home);
        // the peer's pipeline; creating it also generates the home's tokenization key the collector process reads
        EdgePipeline pipeline = EdgePipelines.of(config);

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.defaults()
                .withLogDirectory(home.resolve("kafka")))) {
            TopicAdmin.ensureTopics(broker.bootstrapServers(), config.kafka().defaultPartitions());
            String key = WriteKeyStore.inHome(home).create(EnumSet.of(Contract.WEB_EVENT)).key();
            Path log = context.workDir().resolve("collector-process.log");
            try (CollectorProcess server = CollectorProcess.start(home, broker.bootstrapServers(), COLLECTOR_JAVA_OPTIONS,
                    Map.of("CDP_COLLECTOR_RATE_LIMIT_REQUESTS_PER_SECOND", "1000000",
                            "CDP_COLLECTOR_RATE_LIMIT_BURST", "1000000",
                            "CDP_COLLECTOR_ACK_TIMEOUT", "30s"),
                    log, Duration.ofMinutes(2))) {
                URI uri = server.uri().resolve(CollectorServer.EVENTS_PATH);
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
                // warm-up: other event ids, so the timed run stores only its own
                List<List<byte[]>> warmUp = generate(Math.min(batches, WARM_UP_BATCHES), 11);
                inProcess(pipeline, warmUp, cores);
                load(http, uri, key, warmUp.stream().map(CollectorBenchmark::body).toList(), clients);

                Timing ceiling = new Timing(server);
                Timing collector = new Timing(server);
                long ceilingAccepted = 0;
                long[] latencies = new long[batches];
                for (int slice = 0; slice < SLICES; slice++) {
                    int from = batches * slice / SLICES;
                    int to = batches * (slice + 1) / SLICES;
                    // ceiling: same event bytes, same pipeline, Avro single-object encoding, one thread per core
                    long accepted = ceiling.time(() -> inProcess(pipeline, events.subList(from, to), cores));
                    ceilingAccepted += accepted;
                    long[] sliceLatencies = collector.time(() -> load(http, uri, key, bodies.subList(from, to), clients));
                    System.arraycopy(sliceLatencies, 0, latencies, from, sliceLatencies.length);
                }
                Arrays.sort(latencies);
                double rate = total / collector.seconds();
                double ceilingRate = total / ceiling.seconds();
                // the peer runs in this process while the collector process idles
                double ceilingPerCpu = ceilingRate / ceiling.benchmarkCores();
                double collectorPerCpu = rate / collector.collectorCores();
                double allPerCpu = rate / (collector.collectorCores() + collector.benchmarkCores());
                return new BenchReport(
                        "Collector: %,d web events in %,d batches of %d over HTTP on loopback, %d concurrent clients".formatted(total, batches, BATCH_SIZE, clients),
                        context.command(),
                        BenchContext.environment(),
                        List.of("path", "seconds", "events/s", "events/s per core", "batch p50 ms", "batch p99 ms", "CPU cores used",
                                "events per CPU-second", "ratio vs peer, wall clock", "ratio vs peer, per CPU-second"),
                        List.of(
                                List.of("HTTP collector process: parse, validate, tokenize, vault, Kafka acks=all", fmt(collector.seconds()), rate(rate),
                                        rate(rate / cores), millis(latencies, 0.50), millis(latencies, 0.99), fmt(collector.collectorCores()),
                                        rate(collectorPerCpu), fmt(rate / ceilingRate), fmt(collectorPerCpu / ceilingPerCpu)),
                                List.of("same run, all processes: collector + load generator + embedded broker", fmt(collector.seconds()), rate(rate),
                                        rate(rate / cores), "-", "-", fmt(collector.collectorCores() + collector.benchmarkCores()),
                                        rate(allPerCpu), "-", fmt(allPerCpu / ceilingPerCpu)),
                                List.of("in process: validate + tokenize + Avro-encode (peer, ceiling; no HTTP, vault or Kafka)", fmt(ceiling.seconds()),
                                        rate(ceilingRate), rate(ceilingRate / cores), "-", "-", fmt(ceiling.benchmarkCores()),
                                        rate(ceilingPerCpu), "1.00", "1.00")),
                        List.of("%,d events accepted in process; every HTTP batch answered 200 with all %d accepted".formatted(ceilingAccepted, BATCH_SIZE),
                                "both sides decode the same event bytes (each event carries its own sent_at); each ran %,d other batches first (JIT warm-up), then the timed batches in %d slices, alternating peer and HTTP"
                                        .formatted(Math.min(batches, WARM_UP_BATCHES), SLICES),
                                "the collector runs in its own JVM (`cdp collector`, %s); the load generator (java.net.http clients) and the embedded broker run in the benchmark's JVM, the peer too (%d threads), all on the same %d cores"
                                        .formatted(String.join(" ", COLLECTOR_JAVA_OPTIONS), cores, cores),
                                "per core = events/s divided by all %d cores; CPU cores used = CPU time of the process(es) named (all threads: JIT, GC included, from /proc) / wall time; events per CPU-second = events/s / CPU cores used"
                                        .formatted(cores),
                                "ratio vs peer, per CPU-second = collector process events per CPU-second / peer events per CPU-second: the collector's own cost per event against the ceiling's",
                                "the collector's JIT compiler threads took %.0f%% of its CPU during the timed slices (per-request code of Jetty and the Kafka client is still being compiled); without them %s events per CPU-second, %.2f of the peer"
                                        .formatted(100 * collector.compilerShare(), rate(collectorPerCpu / (1 - collector.compilerShare())),
                                                collectorPerCpu / (1 - collector.compilerShare()) / ceilingPerCpu),
                                "every event carries a phone number and an e-mail address (people drawn from 200,000), so each batch hands 100 contact points to the vault; it writes those it has not committed before"));
            }
        }
    }

    /** Wall time, CPU time of this process and of the collector process, summed over the slices of one side. */
    private static final class Timing {
        private final CollectorProcess collector;
        private long nanos;
        private long benchmarkCpuNanos;
        private long collectorCpuNanos;
        private long compilerCpuNanos;

        Timing(CollectorProcess collector) {
            this.collector = collector;
        }

        <T> T time(Callable<T> work) throws Exception {
            long cpu = CpuTime.ofThisProcessNanos();
            long collectorCpu = collector.cpuNanos();
            long compilerCpu = collector.compilerCpuNanos();
            long start = System.nanoTime();
            T result = work.call();
            nanos += System.nanoTime() - start;
            benchmarkCpuNanos += CpuTime.ofThisProcessNanos() - cpu;
            collectorCpuNanos += collector.cpuNanos() - collectorCpu;
            compilerCpuNanos += collector.compilerCpuNanos() - compilerCpu;
            return result;
        }

        double seconds() {
            return nanos / 1e9;
        }

        double benchmarkCores() {
            return (double) benchmarkCpuNanos / nanos;
        }

        double collectorCores() {
            return (double) collectorCpuNanos / nanos;
        }

        /** Share of the collector process's CPU its JIT compiler threads took. */
        double compilerShare() {
            return collectorCpuNanos == 0 ? 0 : (double) compilerCpuNanos / collectorCpuNanos;
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
    private static long[] load(HttpClient http, URI uri, String key, List<byte[]> bodies, int clients) throws Exception {
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

    /**
     * Batches of realistic web events: every one with a phone (in varied client formats) and an e-mail. Each event
     * carries the client's {@code sent_at} itself (the envelope has none), so the collector and the in-process peer
     * decode exactly the same bytes.
     */
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
                        {"sent_at":"%s","event_id":"%d-%d-%d","event_time":"%s","event_type":"%s","identifiers":{"phone":"%s","email":"Person%d@Example.com","web_anonymous_id":"anon-%d"},"context":{"platform":"web","locale":"zh-CN","user_agent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64)"},"properties":{"campaign":"spring","referrer":"search"},"page_url":"https://shop.example/p/%d"}"""
                        .formatted(now, seed, b, e, now.minusSeconds(random.nextInt(3600)), types[random.nextInt(types.length)], phone, person, person,
                                random.nextInt(5000));
                batch.add(event.getBytes(StandardCharsets.UTF_8));
            }
            result.add(batch);
        }
        return result;
    }

    private static byte[] body(List<byte[]> events) {
        StringBuilder body = new StringBuilder("{\"source\":\"web\",\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            body.append(i == 0 ? "" : ",").append(new String(events.get(i), StandardCharsets.UTF_8));
        }
        return body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String millis(long[] sorted, double quantile) {
        int index = Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1);
        return String.format(Locale.ROOT, "%.1f", sorted[Math.max(0, index)] / 1e6);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String rate(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
