package org.opencdp.launcher.stack;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opencdp.identity.cluster.BadMarks;
import org.opencdp.identity.cluster.ReferenceClustering;
import org.opencdp.identity.edge.AvroEdges;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.identity.links.EventIdentifiers;
import org.opencdp.identity.links.LinkExtractor;
import org.opencdp.identity.links.TypedIdentifier;
import org.opencdp.identity.rules.IdentityRules;
import org.opencdp.infra.stack.LocalStack;
import org.opencdp.infra.stack.PostgresServer;
import org.opencdp.infra.stack.StackComponent;
import org.opencdp.infra.stack.StackState;
import org.opencdp.infra.trino.AccessRules;
import org.opencdp.infra.trino.JavaHomes;
import org.opencdp.infra.trino.TrinoEndpoint;
import org.opencdp.ingestion.edge.Accepted;
import org.opencdp.ingestion.edge.EdgeBatch;
import org.opencdp.ingestion.edge.EdgeOutcome;
import org.opencdp.ingestion.edge.IngestStage;
import org.opencdp.launcher.Cdp;
import org.opencdp.launcher.cli.BatchJobLauncher;
import org.opencdp.launcher.cli.IdentityCommand;
import org.opencdp.launcher.cli.StreamJobLauncher;
import org.opencdp.launcher.edge.EdgePipelines;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.generator.OmoSource;
import org.opencdp.schemas.avro.ConsentAction;
import org.opencdp.schemas.avro.ConsentEvent;

/**
 * The local stack end to end with the real pipeline: PostgreSQL, Kafka and Trino up on free loopback ports; two
 * generated batches sent through the edge ({@code cdp generate --to-kafka}) to the stack's Kafka; the four streaming
 * jobs ({@code --bounded}) and the identity resolution job ({@code identity run --full}) write the lakehouse through
 * the stack's configuration (PostgreSQL catalog); analysts and engineers query it through Trino JDBC under the access
 * rules. Every aggregate is compared with one the test computes from the generated files, never from the lakehouse.
 * Needs a JDK 22+ and PostgreSQL binaries; skipped, saying which is missing, where they are absent.
 */
@Tag("stack")
class StackPipelineEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MEMBERS_PER_BATCH = 150;
    private static final List<String> STREAMING_JOBS = List.of("raw-ingest", "core-events", "identity-links", "consent");
    private static final List<String> STREAMING_JAVA_OPTIONS = List.of("-Xmx1g");
    private static final List<String> IDENTITY_JAVA_OPTIONS = List.of("-Xmx2g");

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void analystsQueryTheStreamingAndIdentityTablesThroughTrinoUnderTheAccessRules() throws Exception {
        assumeTrue(jdkForTrino().isPresent(), "skipped: no JDK " + JavaHomes.TRINO_MINIMUM_FEATURE_VERSION
                + "+ for Trino (JAVA_HOME or /usr/lib/jvm); the local stack end-to-end test needs one");
        assumeTrue(postgresFound(), "skipped: no PostgreSQL binaries (/usr/lib/postgresql/15/bin or pg_ctl on PATH);"
                + " the local stack end-to-end test needs them");
        // the jobs run from the engine modules' build output; say how to build it rather than fail deep inside
        StreamJobLauncher streaming = StreamJobLauncher.locate();
        BatchJobLauncher batch = BatchJobLauncher.locate();

        Path home = Files.createTempDirectory("cdp-stack-pipeline");
        // PostgreSQL runs as its own user when the tests run as root: it must be able to reach its directory
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx--x--x"));
        List<Integer> ports = freePorts(4);
        CdpConfig config = CdpConfig.fromProperties(Map.of(
                "home", home.toString(),
                "stack.postgres-port", Integer.toString(ports.get(0)),
                "kafka.embedded.port", Integer.toString(ports.get(1)),
                "kafka.embedded.controller-port", Integer.toString(ports.get(2)),
                "trino.port", Integer.toString(ports.get(3)),
                "trino.max-heap", "1G"));
        // two consecutive weeks ending today: the edge compares event times with its own clock, so the generator's
        // deliberately future timestamps must lie after the real present to be rejected as they are meant to be
        Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS);
        GeneratedBatch first = GeneratedBatch.generate(home.resolve("data-1"), 7, end.minus(Duration.ofDays(14)), end.minus(Duration.ofDays(7)));
        GeneratedBatch second = GeneratedBatch.generate(home.resolve("data-2"), 8, end.minus(Duration.ofDays(7)), end);
        List<GeneratedBatch> batches = List.of(first, second);

        StringWriter progress = new StringWriter();
        LocalStack stack = new LocalStack(config, System.getenv(), System.getProperty("java.class.path"), new PrintWriter(progress, true));
        List<String> stopped;
        try {
            long started = System.nanoTime();
            StackState state = stack.up(LocalStack.Mode.FULL);
            System.out.printf("stack up in %.1f s:%n%s", (System.nanoTime() - started) / 1e9, progress);
            assertThat(state.components()).extracting(StackComponent::name)
                    .containsExactly(StackComponent.POSTGRES, StackComponent.KAFKA, StackComponent.TRINO);
            assertThat(Files.getPosixFilePermissions(stack.configFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));

            // every program below runs against the stack's own configuration: PostgreSQL catalog, the stack's Kafka
            Path stackConfig = stack.configFile();
            CdpConfig pipelineConfig = CdpConfig.load(Optional.of(stackConfig), Map.of());
            List<String> jobArguments = List.of("--config", stackConfig.toString(), "--bounded");
            TrinoEndpoint trino = stack.trinoEndpoint();

            Path logs = Files.createDirectories(home.resolve("logs"));
            Replay replay = new Replay(pipelineConfig);
            replay.add(first, publish(stackConfig, pipelineConfig, first));
            String firstIngest = runJob("raw-ingest-1", streaming.processBuilder("raw-ingest", STREAMING_JAVA_OPTIONS, jobArguments), logs);
            assertThat(firstIngest).isEqualTo("raw-ingest: finished, %d records".formatted(first.records()));
            String firstSnapshot;
            try (Connection analyst = trino.connect("analyst", stack.trinoPassword("analyst"))) {
                // what an analyst does to travel back: pick the snapshot from the table's history
                firstSnapshot = single(analyst, "SELECT snapshot_id FROM cdp.raw.\"pos_transactions$snapshots\""
                        + " ORDER BY committed_at DESC, snapshot_id LIMIT 1");
            }

            replay.add(second, publish(stackConfig, pipelineConfig, second));
            for (String job : STREAMING_JOBS) {
                String finished = runJob(job.equals("raw-ingest") ? "raw-ingest-2" : job, streaming.processBuilder(job, STREAMING_JAVA_OPTIONS, jobArguments), logs);
                if (job.equals("raw-ingest")) {
                    // a bounded run commits what it read to its consumer group when its final checkpoint completes,
                    // so the next run resumes after it: a re-read of the first batch would duplicate raw rows
                    assertThat(finished).as("the second bounded raw-ingest run reads the second batch only; more means the first run"
                            + " left offsets of consumer group cdp-raw-ingest uncommitted").isEqualTo("raw-ingest: finished, %d records".formatted(second.records()));
                }
            }
            runJob("identity-run", batch.processBuilder(IdentityCommand.JOB_CLASS, IDENTITY_JAVA_OPTIONS,
                    List.of("run", "--full", "--config", stackConfig.toString())), logs);

            // the edge accepts exactly the lines the generator did not spoil on purpose
            long goodLines = first.goodLines() + second.goodLines();
            assertThat(replay.accepted).as("events accepted by the edge").isEqualTo(goodLines);

            try (Connection analyst = trino.connect("analyst", stack.trinoPassword("analyst"));
                    Connection engineer = trino.connect("engineer", stack.trinoPassword("engineer"))) {
                // raw.pos_transactions: baskets and total per store
                Map<String, List<Long>> basketsByStore = rows(analyst,
                        "SELECT store_id, count(*), sum(total_minor) FROM cdp.raw.pos_transactions GROUP BY store_id");
                assertThat(basketsByStore).isEqualTo(basketsByStore(batches));

                // spoiled lines: every one a dead letter, for the reason the generator spoiled it
                assertThat(rows(analyst, "SELECT reason_code, count(*) FROM cdp.raw.dead_letters GROUP BY reason_code"))
                        .isEqualTo(badLinesByReason(batches));

                // core.events: one row per accepted event id, counted per event type
                assertThat(rows(analyst, "SELECT 'all', count(*), count(DISTINCT event_id) FROM cdp.core.events"))
                        .containsExactly(Map.entry("all", List.of(goodLines, goodLines)));
                assertThat(rows(analyst, "SELECT event_type, count(*) FROM cdp.core.events GROUP BY event_type"))
                        .isEqualTo(eventsByType(batches));

                // identity.graph: the current members equal the engine-free reference clustering of the same events
                ReferenceFigures identity = replay.identity();
                System.out.println("reference clustering: " + identity);
                assertThat(rows(analyst, "SELECT 'current', count(*), count(DISTINCT member_id) FROM cdp.identity.graph WHERE valid_to IS NULL"))
                        .containsExactly(Map.entry("current", List.of(identity.identifiers(), identity.members())));

                // consent: the ledger holds every decision; the state one row per key, granted as the last decision says
                assertThat(rows(analyst, "SELECT action, count(*) FROM cdp.consent.ledger GROUP BY action")).isEqualTo(replay.ledgerByAction());
                ConsentFigures consent = replay.consent();
                System.out.println("consent from the files: " + consent);
                Map<String, List<Long>> consentState = rows(analyst,
                        "SELECT purpose, count(*), count_if(granted) FROM cdp.consent.state GROUP BY purpose");
                assertThat(consentState.keySet()).isEqualTo(consent.keysByPurpose().keySet());
                consent.keysByPurpose().forEach((purpose, keys) -> {
                    List<Long> actual = consentState.get(purpose);
                    assertThat(actual.get(0)).as("consent.state keys of " + purpose).isEqualTo(keys);
                    long certain = consent.grantedByPurpose().getOrDefault(purpose, 0L);
                    long undecided = consent.undecidedByPurpose().getOrDefault(purpose, 0L);
                    assertThat(actual.get(1)).as("subjects granted " + purpose + " (decisions within the send time of each other: " + undecided + ")")
                            .isBetween(certain, certain + undecided);
                });

                // identifier tokens: masked for analysts, visible to engineers
                String tokenQuery = "SELECT identifiers.member_card FROM cdp.raw.pos_transactions"
                        + " WHERE identifiers.member_card IS NOT NULL ORDER BY event_id LIMIT 1";
                assertThat(single(analyst, tokenQuery)).isEqualTo(AccessRules.MASK);
                assertThat(single(engineer, tokenQuery)).isNotEqualTo(AccessRules.MASK).hasSizeGreaterThan(20);
                String graphTokenQuery = "SELECT token FROM cdp.identity.graph ORDER BY identifier_type, member_id LIMIT 1";
                assertThat(single(analyst, graphTokenQuery)).isEqualTo(AccessRules.MASK);
                assertThat(single(engineer, graphTokenQuery)).isNotEqualTo(AccessRules.MASK);

                // contact data: denied to every role
                for (Connection connection : List.of(analyst, engineer)) {
                    assertThatThrownBy(() -> single(connection, "SELECT original_payload FROM cdp.raw.dead_letters LIMIT 1"))
                            .isInstanceOf(SQLException.class)
                            .hasMessageContaining("Access Denied");
                }
                // analysts read, they do not write
                assertThatThrownBy(() -> single(analyst, "DELETE FROM cdp.raw.pos_transactions"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("Access Denied");

                // time travel to the snapshot the streaming ingest committed for the first batch
                assertThat(single(analyst, "SELECT count(*) FROM cdp.raw.pos_transactions FOR VERSION AS OF " + firstSnapshot))
                        .isEqualTo(Long.toString(basketsByStore(List.of(first)).values().stream().mapToLong(figures -> figures.get(0)).sum()));
            }

            // a role cannot be claimed by naming it
            assertThatThrownBy(() -> trino.connect("analyst", "not-the-password").createStatement().executeQuery("SELECT 1"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Invalid credentials");
        }
        finally {
            stopped = stack.down();
        }
        assertThat(stopped).containsExactlyInAnyOrder(StackComponent.TRINO, StackComponent.KAFKA, StackComponent.POSTGRES);
        assertThat(stack.state()).isEmpty();
        for (String line : progress.toString().split("\n")) {
            assertThat(line).doesNotContain(stack.trinoPassword("analyst"));
        }
        // only when everything passed: after a failure the job logs (<home>/logs) and the stack's logs stay to read
        try (Stream<Path> paths = Files.walk(home)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Sends a batch through the edge to the stack's Kafka exactly as {@code cdp generate --to-kafka} does; returns when it started. */
    private static Instant publish(Path stackConfig, CdpConfig pipelineConfig, GeneratedBatch batch) {
        Instant started = Instant.now();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Cdp.run(concat(List.of("--config", stackConfig.toString()), batch.generateArguments(),
                        List.of("--to-kafka", pipelineConfig.kafka().effectiveBootstrapServers())),
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(exitCode).as("cdp generate --to-kafka: %s", err).isZero();
        System.out.print(out);
        return started;
    }

    /**
     * Runs a job process to its end with its output in {@code <logs>/<name>.log}; stops it if the test is interrupted.
     * Returns the job's summary: its last {@code finished} line without the time, or its last line.
     */
    private static String runJob(String name, ProcessBuilder builder, Path logs) throws Exception {
        Path log = logs.resolve(name + ".log");
        long started = System.nanoTime();
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            int exitCode = process.waitFor();
            List<String> lines = Files.readAllLines(log);
            String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            assertThat(exitCode).as("%s exit code; the end of %s:%n%s", name, log, tail).isZero();
            String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
            System.out.printf(Locale.ROOT, "%s done in %.1f s: %s%n", name, (System.nanoTime() - started) / 1e9, last);
            return last.replaceFirst(" in \\d+ ms$", "");
        }
        finally {
            process.destroyForcibly();
        }
    }

    /** Basket count and total (minor units) per store, from the good lines of the generated POS files. */
    private static Map<String, List<Long>> basketsByStore(List<GeneratedBatch> batches) {
        Map<String, long[]> byStore = new TreeMap<>();
        for (GeneratedBatch batch : batches) {
            for (JsonNode transaction : batch.good(OmoSource.POS_TRANSACTIONS)) {
                long[] figures = byStore.computeIfAbsent(transaction.get("store_id").asText(), store -> new long[2]);
                figures[0]++;
                figures[1] += transaction.get("total_minor").asLong();
            }
        }
        Map<String, List<Long>> result = new TreeMap<>();
        byStore.forEach((store, figures) -> result.put(store, List.of(figures[0], figures[1])));
        return result;
    }

    private static Map<String, List<Long>> badLinesByReason(List<GeneratedBatch> batches) {
        Map<String, Long> counts = new TreeMap<>();
        batches.forEach(batch -> batch.badLines().values().forEach(reason -> counts.merge(reason, 1L, Long::sum)));
        Map<String, List<Long>> result = new TreeMap<>();
        counts.forEach((reason, count) -> result.put(reason, List.of(count)));
        return result;
    }

    /**
     * Events per {@code core.events} event type, from the good lines of every generated file: the event's own type
     * online, {@code pos_<transaction type>} at the POS, {@code consent_<action>} for consent decisions.
     */
    private static Map<String, List<Long>> eventsByType(List<GeneratedBatch> batches) {
        Map<OmoSource, Function<JsonNode, String>> types = Map.of(
                OmoSource.WEB_EVENTS, line -> line.get("event_type").asText(),
                OmoSource.APP_EVENTS, line -> line.get("event_type").asText(),
                OmoSource.MINI_PROGRAM_EVENTS, line -> line.get("event_type").asText(),
                OmoSource.POS_TRANSACTIONS, line -> "pos_" + line.get("transaction_type").asText().toLowerCase(Locale.ROOT),
                OmoSource.CONSENT_EVENTS, line -> "consent_" + line.get("action").asText().toLowerCase(Locale.ROOT));
        Map<String, Long> counts = new TreeMap<>();
        for (GeneratedBatch batch : batches) {
            types.forEach((source, type) -> batch.good(source).forEach(line -> counts.merge(type.apply(line), 1L, Long::sum)));
        }
        Map<String, List<Long>> result = new TreeMap<>();
        counts.forEach((type, count) -> result.put(type, List.of(count)));
        return result;
    }

    /** One generated batch: its files, and the lines the generator spoiled on purpose ({@code bad_records.csv}). */
    private record GeneratedBatch(Path directory, List<String> generateArguments, Map<OmoSource, List<byte[]>> lines, Map<String, String> badLines) {
        static GeneratedBatch generate(Path directory, long seed, Instant start, Instant end) throws IOException {
            // default bad-record rate and every hazard on, as the quickstart sends them
            List<String> arguments = List.of("generate", "--members", Integer.toString(MEMBERS_PER_BATCH), "--seed", Long.toString(seed),
                    "--start", start.toString(), "--end", end.toString());
            StringWriter err = new StringWriter();
            int exitCode = Cdp.run(concat(arguments, List.of("--out", directory.toString())), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
            assertThat(exitCode).as("cdp generate --out: %s", err).isZero();
            Map<OmoSource, List<byte[]>> lines = new HashMap<>();
            for (OmoSource source : OmoSource.values()) {
                lines.put(source, splitLines(Files.readAllBytes(directory.resolve(source.fileName()))));
            }
            // file,line,expected_reason
            Map<String, String> badLines = new HashMap<>();
            List<String> rows = Files.readAllLines(directory.resolve("bad_records.csv"));
            for (String row : rows.subList(1, rows.size())) {
                String[] fields = row.split(",");
                badLines.put(fields[0] + ":" + fields[1], fields[2]);
            }
            return new GeneratedBatch(directory, arguments, lines, badLines);
        }

        List<JsonNode> good(OmoSource source) {
            List<JsonNode> good = new ArrayList<>();
            List<byte[]> all = lines.get(source);
            for (int i = 0; i < all.size(); i++) {
                if (!badLines.containsKey(source.fileName() + ":" + (i + 1))) {
                    try {
                        good.add(JSON.readTree(new String(all.get(i), UTF_8)));
                    }
                    catch (IOException e) {
                        throw new AssertionError("Line %d of %s is not listed as bad but is no JSON".formatted(i + 1, source.fileName()), e);
                    }
                }
            }
            return good;
        }

        /** Every line becomes one Kafka record: an event on its source topic or a dead letter. */
        long records() {
            return lines.values().stream().mapToLong(List::size).sum();
        }

        long goodLines() {
            return records() - badLines.size();
        }

        private static List<byte[]> splitLines(byte[] bytes) {
            // bytes, not text: a deliberately truncated line may end inside a UTF-8 sequence
            List<byte[]> lines = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    lines.add(Arrays.copyOfRange(bytes, start, i));
                    start = i + 1;
                }
            }
            if (start < bytes.length) {
                lines.add(Arrays.copyOfRange(bytes, start, bytes.length));
            }
            return lines;
        }
    }

    /**
     * The generated lines replayed through the edge (validation, clock correction, tokenization with the stack's
     * key), engine-free: the identity links every accepted event yields, and the consent decisions.
     */
    private static final class Replay {
        private final CdpConfig config;
        private final List<IdentityEdge> edges = new ArrayList<>();
        private final List<Decision> decisions = new ArrayList<>();
        private final Map<String, List<Long>> ledgerByAction = new TreeMap<>();
        private Duration sendTimeBound = Duration.ZERO;
        private long accepted;

        Replay(CdpConfig config) {
            this.config = config;
        }

        /**
         * Replays a batch as the edge saw it when it was sent from {@code sent} on. The edge stamps each event with
         * its own receive time and corrects event times by it; the replay uses {@code sent} for every event, so its
         * corrected times are off by at most the time sending took.
         */
        void add(GeneratedBatch batch, Instant sent) {
            sendTimeBound = max(sendTimeBound, Duration.between(sent, Instant.now()));
            EdgeBatch edge = EdgePipelines.of(config, Clock.fixed(sent, ZoneOffset.UTC)).newBatch("replay-" + batch.directory().getFileName(), IngestStage.BATCH);
            for (OmoSource source : OmoSource.values()) {
                for (byte[] line : batch.lines().get(source)) {
                    EdgeOutcome outcome = edge.process(source.contract(), line);
                    if (!(outcome instanceof Accepted event)) {
                        continue;
                    }
                    accepted++;
                    LinkExtractor.links(event.record()).forEach(link -> edges.add(AvroEdges.fromAvro(link)));
                    if (event.record() instanceof ConsentEvent consent) {
                        ledgerByAction.merge(consent.getAction().name(), List.of(1L), (a, b) -> List.of(a.get(0) + b.get(0)));
                        EventIdentifiers.subject(consent.getIdentifiers()).ifPresent(subject -> decisions.add(Decision.of(subject, consent)));
                    }
                }
            }
        }

        Map<String, List<Long>> ledgerByAction() {
            return ledgerByAction;
        }

        ReferenceFigures identity() {
            Map<IdentifierKey, IdentifierKey> clusters = ReferenceClustering.resolve(IdentityRules.defaults(), edges, BadMarks.none()).clusterKeys();
            return new ReferenceFigures(clusters.size(), new HashSet<>(clusters.values()).size());
        }

        /**
         * The decision in force per subject, purpose, channel and recipient: captured last, at the same time the more
         * restrictive, then the greater event id. Where another decision with a different outcome lies within the
         * send time of the last one, the replay cannot tell which one the edge's clock put last: that key is undecided.
         */
        ConsentFigures consent() {
            Map<String, List<Decision>> byKey = new HashMap<>();
            decisions.forEach(decision -> byKey.computeIfAbsent(decision.key(), key -> new ArrayList<>()).add(decision));
            Map<String, Long> keys = new TreeMap<>();
            Map<String, Long> granted = new TreeMap<>();
            Map<String, Long> undecided = new TreeMap<>();
            Duration tolerance = sendTimeBound.plusSeconds(1);
            byKey.values().forEach(candidates -> {
                Decision last = candidates.stream().max(Decision.ORDER).orElseThrow();
                keys.merge(last.purpose(), 1L, Long::sum);
                boolean ambiguous = candidates.stream().anyMatch(other -> other.granted() != last.granted()
                        && Duration.between(other.capturedAt(), last.capturedAt()).abs().compareTo(tolerance) <= 0);
                if (ambiguous) {
                    undecided.merge(last.purpose(), 1L, Long::sum);
                }
                else if (last.granted()) {
                    granted.merge(last.purpose(), 1L, Long::sum);
                }
            });
            return new ConsentFigures(keys, granted, undecided);
        }

        private static Duration max(Duration a, Duration b) {
            return a.compareTo(b) >= 0 ? a : b;
        }
    }

    private record Decision(String subject, String purpose, String channel, String recipient, ConsentAction action, boolean granted,
            Instant capturedAt, String eventId) {
        static final Comparator<Decision> ORDER = Comparator.comparing(Decision::capturedAt)
                .thenComparingInt(decision -> switch (decision.action()) {
                    case WITHDRAW -> 3;
                    case DENY -> 2;
                    case GRANT -> 0;
                    default -> 1;
                })
                .thenComparing(Decision::eventId);

        static Decision of(TypedIdentifier subject, ConsentEvent event) {
            boolean minor = Boolean.TRUE.equals(event.getSubjectIsMinor());
            return new Decision(subject.type() + ":" + subject.token(), event.getPurpose().name(),
                    event.getChannel() == null ? "" : event.getChannel().name(),
                    event.getRecipient() == null ? "" : event.getRecipient(),
                    event.getAction(),
                    event.getAction() == ConsentAction.GRANT && (!minor || event.getGuardianConsent()),
                    event.getEventTime(),
                    event.getEventId());
        }

        String key() {
            return String.join("|", subject, purpose, channel, recipient);
        }
    }

    /** Identifiers in the reference clustering and the members they form. */
    private record ReferenceFigures(long identifiers, long members) {}

    private record ConsentFigures(Map<String, Long> keysByPurpose, Map<String, Long> grantedByPurpose, Map<String, Long> undecidedByPurpose) {}

    /** Rows keyed by their first column, the other columns as numbers. */
    private static Map<String, List<Long>> rows(Connection connection, String sql) throws SQLException {
        Map<String, List<Long>> rows = new TreeMap<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<Long> values = new ArrayList<>();
                for (int column = 2; column <= columns; column++) {
                    values.add(result.getLong(column));
                }
                rows.put(result.getString(1), List.copyOf(values));
            }
        }
        return rows;
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).as("a row from " + sql).isTrue();
            return result.getString(1);
        }
    }

    @SafeVarargs
    private static String[] concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all.toArray(String[]::new);
    }

    private static Optional<Path> jdkForTrino() {
        try {
            return Optional.of(JavaHomes.findForTrino(Optional.empty(), Optional.ofNullable(System.getenv("JAVA_HOME")), JavaHomes.SEARCH_ROOTS));
        }
        catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    private static boolean postgresFound() {
        try {
            PostgresServer.findBinDirectory(Optional.empty(), Optional.ofNullable(System.getenv("PATH")));
            return true;
        }
        catch (IllegalStateException e) {
            return false;
        }
    }

    // distinct free loopback ports: every socket stays open until all are found, so none is handed out twice
    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        }
        finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
