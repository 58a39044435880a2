package org.opencdp.ingestion.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.opencdp.ingestion.decode.JsonEventDecoder;
import org.opencdp.ingestion.edge.EdgePipeline;
import org.opencdp.ingestion.kafka.TopicAdmin;
import org.opencdp.ingestion.kafka.TopicReader;
import org.opencdp.ingestion.pii.IdentifierTokenizer;
import org.opencdp.ingestion.pii.Tokenizer;
import org.opencdp.ingestion.vault.PayloadSealer;
import org.opencdp.ingestion.vault.SqliteContactVault;
import org.opencdp.platform.config.CollectorSettings;
import org.opencdp.platform.config.VaultSettings;
import org.opencdp.schemas.contract.Contract;

/** A collector on loopback against a real broker, with a key store and vault in a temporary home, and an HTTP client. */
final class CollectorHarness implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final byte[] TOKEN_KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final byte[] VAULT_KEY = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    final String bootstrapServers;
    final WriteKeyStore keys;
    final SqliteContactVault vault;
    final CollectorServer server;
    final PayloadSealer sealer;
    final IdentifierTokenizer tokenizer = new IdentifierTokenizer(new Tokenizer("test-key", TOKEN_KEY));
    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    CollectorHarness(String bootstrapServers, Path home, CollectorSettings settings) {
        this.bootstrapServers = bootstrapServers;
        TopicAdmin.ensureTopics(bootstrapServers, 2);
        this.keys = WriteKeyStore.inHome(home);
        VaultSettings vaultSettings = new VaultSettings("aes-test", VAULT_KEY, home.resolve("vault/contacts.db"));
        this.vault = SqliteContactVault.open(vaultSettings);
        this.sealer = PayloadSealer.of(vaultSettings);
        EdgePipeline pipeline = new EdgePipeline(JsonEventDecoder.withDefaults(), tokenizer, Clock.systemUTC(), sealer);
        this.server = CollectorServer.start(settings, bootstrapServers, pipeline, vault, keys);
    }

    static CollectorSettings settings() {
        return CollectorSettings.defaults("127.0.0.1", 0).withAckTimeout(Duration.ofSeconds(4));
    }

    String key(Contract... sources) {
        return keys.create(EnumSet.copyOf(List.of(sources))).key();
    }

    Response post(String key, String body) {
        return post(key, body.getBytes(StandardCharsets.UTF_8), false);
    }

    Response post(String key, byte[] body, boolean gzip) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve(CollectorServer.EVENTS_PATH))
                .timeout(READ_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        return send(request.build());
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(server.uri().resolve(path)).timeout(READ_TIMEOUT).GET().build());
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().map());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String batch(String source, String... events) {
        return "{\"source\":\"" + source + "\",\"events\":[" + String.join(",", events) + "]}";
    }

    static String webEvent(String id, String phone, String email) {
        return """
                {"event_id":"%s","event_time":"%s","event_type":"page_view","identifiers":{%s%s"web_anonymous_id":"anon-%s"},"page_url":"https://shop.example/p/1"}"""
                .formatted(id, java.time.Instant.now().minusSeconds(60), phone == null ? "" : "\"phone\":\"" + phone + "\",",
                        email == null ? "" : "\"email\":\"" + email + "\",", id);
    }

    static String consentEvent(String id, String source, String phone, String extra) {
        return """
                {"event_id":"%s","event_time":"%s","source":"%s","purpose":"MARKETING","channel":"SMS","action":"GRANT","policy_version":"2024-01","identifiers":{"phone":"%s"},"evidence":{"method":"checkbox"}%s}"""
                .formatted(id, java.time.Instant.now().minusSeconds(30), source, phone, extra);
    }

    static String posBasket(String id, String phone) {
        return """
                {"event_id":"%s","event_time":"%s","transaction_id":"T-%s","store_id":"S-001","terminal_id":"POS-7","business_day":"2024-05-01","total_minor":25800,"payment_method":"wechat_pay","identifiers":{"member_card":"C-%s","phone":"%s"},"items":[{"sku":"sku-1","quantity":2,"unit_price_minor":12900,"line_total_minor":25800}]}"""
                .formatted(id, java.time.Instant.now().minusSeconds(10), id, id, phone);
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Every record of the topics from the beginning to their end offsets now. */
    List<ConsumerRecord<byte[], byte[]>> readAll(Collection<String> topics) {
        return TopicReader.readAll(bootstrapServers, topics);
    }

    List<ConsumerRecord<byte[], byte[]>> readAll(Contract... contracts) {
        return readAll(java.util.Arrays.stream(contracts).map(Contract::topic).toList());
    }

    @Override
    public void close() {
        try {
            server.close();
        }
        finally {
            vault.close();
        }
    }

    record Response(int status, String body, Map<String, List<String>> headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            }
            catch (IOException e) {
                throw new AssertionError("Not JSON (status " + status + "): " + body, e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }
}
