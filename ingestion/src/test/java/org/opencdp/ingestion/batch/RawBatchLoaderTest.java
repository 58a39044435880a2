package org.opencdp.ingestion.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.ingestion.decode.DecoderLimits;
import org.opencdp.ingestion.decode.JsonEventDecoder;
import org.opencdp.ingestion.edge.EdgePipeline;
import org.opencdp.ingestion.pii.IdentifierTokenizer;
import org.opencdp.ingestion.pii.Tokenizer;
import org.opencdp.ingestion.vault.PayloadSealer;
import org.opencdp.platform.catalog.Catalogs;
import org.opencdp.platform.config.CdpConfig;
import org.opencdp.platform.lakehouse.Lakehouse;
import org.opencdp.platform.lakehouse.LakehouseTables;
import org.opencdp.platform.lakehouse.TableSpec;
import org.opencdp.schemas.avro.IdentifierType;
import org.opencdp.schemas.contract.Contract;

class RawBatchLoaderTest {
    private static final Instant NOW = Instant.parse("2024-05-02T00:00:00Z");
    private static final List<String> FIXTURES = List.of(
            "web_events.jsonl", "app_events.jsonl", "mini_program_events.jsonl", "pos_transactions.jsonl", "consent_events.jsonl");

    @TempDir
    Path home;

    private Catalog catalog;
    private Tokenizer tokenizer;
    private final PayloadSealer sealer = PayloadSealer.ephemeral();
    private RawBatchLoader loader;
    private Path input;

    @BeforeEach
    void setUp() throws IOException {
        catalog = Catalogs.open(CdpConfig.forHome(home).catalog());
        new Lakehouse(catalog).init();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        tokenizer = new Tokenizer("test-key", key);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        // a small string limit keeps the oversized fixture line short
        JsonEventDecoder decoder = new JsonEventDecoder(DecoderLimits.defaults().withMaxStringLength(256));
        loader = new RawBatchLoader(catalog, new EdgePipeline(decoder, new IdentifierTokenizer(tokenizer), clock, sealer), clock);
        input = Files.createDirectories(home.resolve("input"));
        for (String fixture : FIXTURES) {
            Files.write(input.resolve(fixture), fixture(fixture));
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        if (catalog instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void loadsAcceptedEventsIntoTheRawTablesAndRejectedLinesIntoDeadLetters() {
        LoadReport report = loader.load(input);

        assertThat(report.acceptedByTable()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "raw.web_events", 3L,
                "raw.app_events", 2L,
                "raw.mini_program_events", 1L,
                "raw.pos_transactions", 3L,
                "raw.consent_events", 2L));
        assertThat(report.rejectedByReason()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "DUPLICATE_EVENT", 1L,
                "MALFORMED_JSON", 2L,
                "FUTURE_TIMESTAMP", 1L,
                "MISSING_FIELD", 1L,
                "TOO_DEEP", 1L,
                "WRONG_TYPE", 1L,
                "INVALID_VALUE", 2L,
                "OVERSIZED", 1L));
        assertThat(report.alreadyLoadedTables()).isEmpty();

        assertThat(eventIds(LakehouseTables.RAW_WEB_EVENTS)).containsExactlyInAnyOrder("w-1", "w-2", "w-3");
        assertThat(eventIds(LakehouseTables.RAW_APP_EVENTS)).containsExactlyInAnyOrder("a-1", "a-2");
        assertThat(eventIds(LakehouseTables.RAW_MINI_PROGRAM_EVENTS)).containsExactly("m-1");
        assertThat(eventIds(LakehouseTables.RAW_POS_TRANSACTIONS)).containsExactlyInAnyOrder("p-1", "p-2", "p-5");
        assertThat(eventIds(LakehouseTables.RAW_CONSENT_EVENTS)).containsExactlyInAnyOrder("c-1", "c-2");
        assertThat(rows(LakehouseTables.DEAD_LETTERS)).hasSize(10);
    }

    @Test
    void storesTypedValuesTokensAndLineage() {
        LoadReport report = loader.load(input);

        Record login = row(LakehouseTables.RAW_WEB_EVENTS, "w-1");
        assertThat(login.getField("event_time")).isEqualTo(OffsetDateTime.parse("2024-05-01T01:00:00Z"));
        assertThat(login.getField("received_at")).isEqualTo(OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC));
        assertThat(login.getField("source")).isEqualTo("WEB");
        assertThat(login.getField("properties")).isEqualTo(Map.of("campaign", "spring"));
        Record identifiers = (Record) login.getField("identifiers");
        assertThat(identifiers.getField("phone")).isEqualTo(tokenizer.token(IdentifierType.PHONE, "13800138000"));
        assertThat(identifiers.getField("tokenization_key_id")).isEqualTo("test-key");
        Record ingest = (Record) login.getField("_ingest");
        assertThat(ingest.getField("origin")).isEqualTo("web_events.jsonl:1");
        assertThat(ingest.getField("batch_id")).isEqualTo(report.batchId());

        Record order = row(LakehouseTables.RAW_WEB_EVENTS, "w-2");
        assertThat(order.getField("event_time")).as("corrected for clock skew")
                .isEqualTo(OffsetDateTime.parse("2024-05-01T23:59:30Z"));
        assertThat(order.getField("client_event_time")).isEqualTo(OffsetDateTime.parse("2024-05-01T12:00:00Z"));
        List<?> items = (List<?>) ((Record) order.getField("commerce")).getField("items");
        assertThat(((Record) items.get(0)).getField("line_total_minor")).isEqualTo(12900L);

        Record basket = row(LakehouseTables.RAW_POS_TRANSACTIONS, "p-1");
        assertThat(basket.getField("business_day")).isEqualTo(java.time.LocalDate.of(2024, 5, 1));
        assertThat(basket.getField("transaction_type")).isEqualTo("SALE");
        assertThat(((Record) basket.getField("identifiers")).getField("phone"))
                .as("same person, same token, whatever the channel's phone format")
                .isEqualTo(identifiers.getField("phone"));
        assertThat(((Record) row(LakehouseTables.RAW_POS_TRANSACTIONS, "p-5").getField("_ingest")).getField("origin"))
                .isEqualTo("pos_transactions.jsonl:5");
    }

    @Test
    void neverStoresAClearPhoneNumberOrEmailAddress() {
        loader.load(input);

        for (TableSpec spec : List.of(LakehouseTables.RAW_WEB_EVENTS, LakehouseTables.RAW_APP_EVENTS,
                LakehouseTables.RAW_MINI_PROGRAM_EVENTS, LakehouseTables.RAW_POS_TRANSACTIONS, LakehouseTables.RAW_CONSENT_EVENTS)) {
            for (Record row : rows(spec)) {
                assertThat(row.toString())
                        .doesNotContain("13800138000", "138-0013", "138 0013", "13900139000", "example.com", "Example.com",
                                "open-1", "open-friend", "C-0001", "tok-visa-1", "union-1", "OAID-1", "IDFA-1");
            }
        }
    }

    @Test
    void deadLettersKeepTheExactOriginalBytes() throws IOException {
        loader.load(input);

        Record invalidUtf8 = rows(LakehouseTables.DEAD_LETTERS).stream()
                .filter(row -> "m-3".equals(row.getField("event_id")) || "mini_program_events.jsonl:3".equals(
                        ((Record) row.getField("_ingest")).getField("origin")))
                .findFirst()
                .orElseThrow();
        assertThat(invalidUtf8.getField("reason_code")).isEqualTo("MALFORMED_JSON");
        assertThat(invalidUtf8.getField("source")).isEqualTo("mini_program");
        assertThat(invalidUtf8.getField("stage")).isEqualTo("importer");
        assertThat(sealer.open((String) invalidUtf8.getField("dead_letter_id"), (String) invalidUtf8.getField("payload_key_id"),
                bytes((ByteBuffer) invalidUtf8.getField("original_payload")))).isEqualTo(line(fixture("mini_program_events.jsonl"), 3));

        Record duplicate = rows(LakehouseTables.DEAD_LETTERS).stream()
                .filter(row -> "DUPLICATE_EVENT".equals(row.getField("reason_code")))
                .findFirst()
                .orElseThrow();
        assertThat(duplicate.getField("event_id")).isEqualTo("w-1");
        assertThat(duplicate.getField("field")).isEqualTo("event_id");
        assertThat(((Record) duplicate.getField("_ingest")).getField("origin")).isEqualTo("web_events.jsonl:4");
    }

    @Test
    void reloadingTheSameFilesAddsNothing() {
        LoadReport first = loader.load(input);
        Map<String, Integer> before = rowCounts();

        LoadReport second = loader.load(input);

        assertThat(second.batchId()).isEqualTo(first.batchId());
        assertThat(second.alreadyLoaded()).isTrue();
        assertThat(second.accepted()).isZero();
        assertThat(second.rejected()).isZero();
        assertThat(second.alreadyLoadedTables()).hasSize(6);
        assertThat(rowCounts()).isEqualTo(before);
    }

    @Test
    void changedFilesAreANewBatch() throws IOException {
        LoadReport first = loader.load(input);
        Files.writeString(input.resolve("web_events.jsonl"),
                "{\"event_id\": \"w-9\", \"event_time\": \"2024-05-01T10:00:00Z\", \"event_type\": \"x\", \"identifiers\": {}}\n");
        for (String other : FIXTURES.subList(1, FIXTURES.size())) {
            Files.delete(input.resolve(other));
        }

        LoadReport second = loader.load(input);

        assertThat(second.batchId()).isNotEqualTo(first.batchId());
        assertThat(second.acceptedByTable()).containsExactly(Map.entry("raw.web_events", 1L));
        assertThat(eventIds(LakehouseTables.RAW_WEB_EVENTS)).containsExactlyInAnyOrder("w-1", "w-2", "w-3", "w-9");
    }

    @Test
    void refusesADirectoryWithoutInputFiles() throws IOException {
        Path empty = Files.createDirectories(home.resolve("empty"));

        assertThatThrownBy(() -> loader.load(empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("web_events.jsonl");
    }

    private Map<String, Integer> rowCounts() {
        return Map.of(
                "web", rows(LakehouseTables.RAW_WEB_EVENTS).size(),
                "app", rows(LakehouseTables.RAW_APP_EVENTS).size(),
                "mini", rows(LakehouseTables.RAW_MINI_PROGRAM_EVENTS).size(),
                "pos", rows(LakehouseTables.RAW_POS_TRANSACTIONS).size(),
                "consent", rows(LakehouseTables.RAW_CONSENT_EVENTS).size(),
                "dead", rows(LakehouseTables.DEAD_LETTERS).size());
    }

    private List<String> eventIds(TableSpec spec) {
        return rows(spec).stream().map(row -> (String) row.getField("event_id")).toList();
    }

    private Record row(TableSpec spec, String eventId) {
        Optional<Record> found = rows(spec).stream().filter(row -> eventId.equals(row.getField("event_id"))).findFirst();
        return found.orElseThrow(() -> new AssertionError("No row " + eventId + " in " + spec.name()));
    }

    private List<Record> rows(TableSpec spec) {
        Table table = catalog.loadTable(spec.identifier());
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            records.forEach(record -> rows.add(record.copy()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return rows;
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = RawBatchLoaderTest.class.getResourceAsStream("/batch/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing fixture " + name);
            }
            return in.readAllBytes();
        }
    }

    /** Line {@code number} (1-based) of a file, without its terminator. */
    private static byte[] line(byte[] file, int number) {
        int start = 0;
        for (int i = 1; i < number; i++) {
            start = indexOf(file, (byte) '\n', start) + 1;
        }
        int end = indexOf(file, (byte) '\n', start);
        return Arrays.copyOfRange(file, start, end);
    }

    private static int indexOf(byte[] bytes, byte value, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return bytes.length;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
