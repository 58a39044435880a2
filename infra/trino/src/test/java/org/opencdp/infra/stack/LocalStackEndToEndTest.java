package org.opencdp.infra.stack;

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
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opencdp.infra.trino.AccessRules;
import org.opencdp.infra.trino.JavaHomes;
import org.opencdp.infra.trino.TrinoEndpoint;
import org.opencdp.ingestion.batch.LoadReport;
import org.opencdp.ingestion.batch.RawBatchLoader;
import org.opencdp.ingestion.decode.JsonEventDecoder;
import org.opencdp.ingestion.edge.EdgePipeline;
import org.opencdp.ingestion.pii.IdentifierTokenizer;
import org.opencdp.ingestion.pii.Tokenizer;
import org.opencdp.platform.catalog.Catalogs;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.generator.GeneratorSettings;
import org.opencdp.platform.generator.OmoGenerator;
import org.opencdp.platform.lakehouse.Lakehouse;
import org.opencdp.platform.lakehouse.LakehouseTables;

/**
 * The local stack end to end: PostgreSQL, Kafka and Trino up on free loopback ports, the pipeline loads generated
 * data into the lakehouse, and analysts and engineers query it through Trino JDBC under the access rules. Needs a JDK
 * 22+ and PostgreSQL binaries; skipped, saying which is missing, where they are absent.
 */
@Tag("stack")
class LocalStackEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void analystsQueryThePipelinesTablesThroughTrinoUnderTheAccessRules() throws Exception {
        assumeTrue(jdkForTrino().isPresent(), "skipped: no JDK " + JavaHomes.TRINO_MINIMUM_FEATURE_VERSION
                + "+ for Trino (JAVA_HOME or /usr/lib/jvm); the local stack end-to-end test needs one");
        assumeTrue(postgresFound(), "skipped: no PostgreSQL binaries (/usr/lib/postgresql/15/bin or pg_ctl on PATH);"
                + " the local stack end-to-end test needs them");

        Path home = Files.createTempDirectory("cdp-stack-e2e");
        // PostgreSQL runs as its own user when the tests run as root: it must be able to reach its directory
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx--x--x"));
        CdpConfig config = CdpConfig.fromProperties(Map.of(
                "home", home.toString(),
                "stack.postgres-port", Integer.toString(freePort()),
                "kafka.embedded.port", Integer.toString(freePort()),
                "kafka.embedded.controller-port", Integer.toString(freePort()),
                "trino.port", Integer.toString(freePort()),
                "trino.max-heap", "1G"));
        // generated before the stack starts, so the data and the expected figures exist first
        Path firstBatch = generate(home.resolve("data-1"), 7);
        Path secondBatch = generate(home.resolve("data-2"), 8);
        Map<String, long[]> expectedByStore = basketsByStore(List.of(firstBatch, secondBatch));
        long firstBatchBaskets = basketsByStore(List.of(firstBatch)).values().stream().mapToLong(counts -> counts[0]).sum();
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

            // the pipeline writes its tables through the stack's configuration (PostgreSQL catalog)
            CdpConfig pipelineConfig = CdpConfig.load(Optional.of(stack.configFile()), Map.of());
            long firstSnapshot;
            Catalog catalog = Catalogs.open(pipelineConfig.catalog());
            try {
                RawBatchLoader loader = new RawBatchLoader(catalog, new EdgePipeline(JsonEventDecoder.withDefaults(),
                        new IdentifierTokenizer(Tokenizer.from(pipelineConfig.tokenization())), Clock.systemUTC()), Clock.systemUTC());
                LoadReport first = loader.load(firstBatch);
                assertThat(first.rejectedByReason()).isEmpty();
                Table pos = new Lakehouse(catalog).load(LakehouseTables.RAW_POS_TRANSACTIONS);
                firstSnapshot = pos.currentSnapshot().snapshotId();
                loader.load(secondBatch);
            }
            finally {
                ((AutoCloseable) catalog).close();
            }

            TrinoEndpoint trino = stack.trinoEndpoint();

            try (Connection analyst = trino.connect("analyst", stack.trinoPassword("analyst"));
                    Connection engineer = trino.connect("engineer", stack.trinoPassword("engineer"))) {
                // aggregates equal those computed from the generated files
                Map<String, long[]> actualByStore = new TreeMap<>();
                try (Statement statement = analyst.createStatement();
                        ResultSet result = statement.executeQuery(
                                "SELECT store_id, count(*), sum(total_minor) FROM cdp.raw.pos_transactions GROUP BY store_id")) {
                    while (result.next()) {
                        actualByStore.put(result.getString(1), new long[] {result.getLong(2), result.getLong(3)});
                    }
                }
                assertThat(actualByStore).hasSameSizeAs(expectedByStore);
                expectedByStore.forEach((store, expected) -> assertThat(actualByStore.get(store)).as("store " + store).containsExactly(expected));

                // identifier tokens: masked for analysts, visible to engineers
                String tokenQuery = "SELECT identifiers.member_card FROM cdp.raw.pos_transactions"
                        + " WHERE identifiers.member_card IS NOT NULL ORDER BY event_id LIMIT 1";
                assertThat(single(analyst, tokenQuery)).isEqualTo(AccessRules.MASK);
                assertThat(single(engineer, tokenQuery)).isNotEqualTo(AccessRules.MASK).hasSizeGreaterThan(20);

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

                // time travel to the snapshot of the first batch
                assertThat(single(analyst, "SELECT count(*) FROM cdp.raw.pos_transactions FOR VERSION AS OF " + firstSnapshot))
                        .isEqualTo(Long.toString(firstBatchBaskets));
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
    }

    private static Path generate(Path directory, long seed) throws IOException {
        new OmoGenerator(GeneratorSettings.of(150, seed, Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-03-01T00:00:00Z"))
                .withBadRecordRate(0)
                .withoutHazards()).generate(directory);
        return directory;
    }

    /** Basket count and total (minor units) per store, read straight from the generated files. */
    private static Map<String, long[]> basketsByStore(List<Path> directories) throws IOException {
        Map<String, long[]> byStore = new HashMap<>();
        Set<String> eventIds = new HashSet<>();
        for (Path directory : directories) {
            for (String line : Files.readAllLines(directory.resolve("pos_transactions.jsonl"))) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode transaction = JSON.readTree(line);
                if (!eventIds.add(transaction.get("event_id").asText())) {
                    continue;
                }
                long[] counts = byStore.computeIfAbsent(transaction.get("store_id").asText(), store -> new long[2]);
                counts[0]++;
                counts[1] += transaction.get("total_minor").asLong();
            }
        }
        return new TreeMap<>(byStore);
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).as("a row from " + sql).isTrue();
            return result.getString(1);
        }
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
