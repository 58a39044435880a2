package org.opencdp.ingestion.collector;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.opencdp.ingestion.edge.EdgePipeline;
import org.opencdp.ingestion.kafka.KafkaEventPublisher;
import org.opencdp.ingestion.vault.ContactVault;
import org.opencdp.platform.config.CollectorSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP event collector: {@code POST /v1/events} for the web, app and mini-program SDKs, POS terminals and
 * consent screens, plus {@code /health}, {@code /ready} (Kafka reachable) and Prometheus {@code /metrics}. See
 * {@code docs/api/collector.md} and {@code openapi/collector.yaml} for the contract.
 *
 * <p>Order of checks: write key (401), rate limit (429), body size (413) and shape (400), source allowed for the key
 * (403); then every event is validated and answered on its own. The answer is sent only once Kafka acknowledged
 * every accepted event and dead letter of the batch (else 503). Bad input never causes a 500.
 */
public final class CollectorServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CollectorServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(2);
    public static final String EVENTS_PATH = "/v1/events";

    private final CollectorSettings settings;
    private final WriteKeyStore keys;
    private final KeyRateLimiter rateLimiter;
    private final RequestBodies bodies;
    private final EnvelopeParser parser;
    private final CollectorMetrics metrics = new CollectorMetrics();
    private final KafkaEventPublisher publisher;
    private final Admin admin;
    private final EventCollector collector;
    private final Javalin app;

    private CollectorServer(CollectorSettings settings, String bootstrapServers, EdgePipeline pipeline, ContactVault vault, WriteKeyStore keys) {
        this.settings = settings;
        this.keys = keys;
        this.rateLimiter = new KeyRateLimiter(settings.rateLimitPerSecond(), settings.rateLimitBurst());
        this.bodies = new RequestBodies(settings.maxRequestBytes(), settings.maxDecompressedBytes());
        this.parser = new EnvelopeParser(settings.maxBatchEvents(), settings.maxDecompressedBytes());
        this.publisher = new KafkaEventPublisher(bootstrapServers, producerProperties(settings.ackTimeout()));
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "cdp-collector-readiness",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis()));
        this.collector = new EventCollector(pipeline, publisher, vault, settings.ackTimeout(), metrics);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.routes.post(EVENTS_PATH, this::postEvents);
            config.routes.get("/health", ctx -> json(ctx, 200, JSON.createObjectNode().put("status", "up")));
            config.routes.get("/ready", this::ready);
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        });
    }

    /**
     * Starts the collector on {@code settings.host():settings.port()} (port 0 picks a free one). The contract
     * topics must exist ({@code TopicAdmin.ensureTopics}). The vault and key store stay owned by the caller.
     */
    public static CollectorServer start(CollectorSettings settings, String bootstrapServers, EdgePipeline pipeline,
            ContactVault vault, WriteKeyStore keys) {
        requireNonNull(settings, "settings is null");
        requireNonNull(bootstrapServers, "bootstrapServers is null");
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(vault, "vault is null");
        requireNonNull(keys, "keys is null");
        CollectorServer server = new CollectorServer(settings, bootstrapServers, pipeline, vault, keys);
        try {
            server.app.start(settings.host(), settings.port());
        }
        catch (RuntimeException e) {
            server.close();
            throw new IllegalStateException("The collector cannot listen on %s:%d: %s".formatted(settings.host(), settings.port(), e.getMessage()), e);
        }
        return server;
    }

    /** Producer timeouts that expire a batch's records before the collector gives up waiting for them. */
    static Map<String, Object> producerProperties(Duration ackTimeout) {
        long total = ackTimeout.toMillis();
        long request = Math.max(500, total / 2);
        long delivery = Math.max(request + 20, total - 500);
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "cdp-collector");
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) request);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, request);
        // batches of one request are small; waiting long for more would only add latency to the answer
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return properties;
    }

    public int port() {
        return app.port();
    }

    /** {@code http://host:port} the collector listens on. */
    public URI uri() {
        return URI.create("http://" + settings.host() + ":" + port());
    }

    public CollectorSettings settings() {
        return settings;
    }

    private void postEvents(Context ctx) {
        long start = System.nanoTime();
        int status = 500;
        try {
            WriteKey key = authenticate(ctx.header("Authorization"));
            OptionalLong wait = rateLimiter.tryAcquire(key.id());
            if (wait.isPresent()) {
                throw new CollectorRejection(429, "RATE_LIMITED",
                        "Write key %s sends more than %d requests per second".formatted(key.id(), settings.rateLimitPerSecond()),
                        wait, null);
            }
            byte[] body = bodies.read(ctx.req().getInputStream(), ctx.header("Content-Encoding"), ctx.req().getContentLengthLong());
            BatchEnvelope envelope = parser.parse(body);
            if (!key.maySend(envelope.source())) {
                throw new CollectorRejection(403, "SOURCE_NOT_ALLOWED", "Write key %s may send %s, not %s"
                        .formatted(key.id(), key.sourceNames(), envelope.source().sourceName()));
            }
            String batchId = key.id() + "-" + digest(body);
            List<EventResult> results = collector.collect(envelope, batchId);
            status = 200;
            ctx.status(status).contentType("application/json").result(response(batchId, results));
        }
        catch (CollectorRejection rejection) {
            status = rejection.status();
            error(ctx, rejection);
        }
        catch (IOException e) {
            status = 400;
            error(ctx, CollectorRejection.badRequest("UNREADABLE_BODY", "The body could not be read: " + e.getMessage()));
        }
        catch (RuntimeException e) {
            LOG.error("Unexpected failure answering {} (a bug: bad input must never cause it)", EVENTS_PATH, e);
            status = 500;
            error(ctx, new CollectorRejection(500, "INTERNAL_ERROR", "The collector failed; nothing of the batch is accepted, retry later"));
        }
        finally {
            metrics.request(status, System.nanoTime() - start);
        }
    }

    private WriteKey authenticate(String authorization) {
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip()
                : null;
        return keys.authenticate(presented).orElseThrow(() -> new CollectorRejection(401, "UNAUTHORIZED",
                presented == null
                        ? "Send the source's write key as 'Authorization: Bearer <key>'"
                        : "Unknown or revoked write key"));
    }

    private void ready(Context ctx) {
        try {
            String clusterId = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) READY_TIMEOUT.toMillis()))
                    .clusterId().get(READY_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
            json(ctx, 200, JSON.createObjectNode().put("status", "ready").put("kafka_cluster_id", clusterId));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            json(ctx, 503, JSON.createObjectNode().put("status", "not ready").put("reason", "interrupted"));
        }
        catch (Exception e) {
            ctx.header("Retry-After", "5");
            json(ctx, 503, JSON.createObjectNode().put("status", "not ready").put("reason", "Kafka is not reachable: " + e));
        }
    }

    /** The answer of an accepted request, written straight to bytes (it is sent on every request; no tree needed). */
    private static byte[] response(String batchId, List<EventResult> results) {
        long accepted = results.stream().filter(EventResult::accepted).count();
        ByteArrayOutputStream out = new ByteArrayOutputStream(96 + 64 * results.size());
        try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("batch_id", batchId);
            json.writeNumberField("accepted", accepted);
            json.writeNumberField("rejected", results.size() - accepted);
            json.writeArrayFieldStart("results");
            for (EventResult result : results) {
                json.writeStartObject();
                json.writeNumberField("index", result.index());
                json.writeStringField("status", result.accepted() ? "accepted" : "rejected");
                if (result.eventId() != null) {
                    json.writeStringField("event_id", result.eventId());
                }
                if (!result.accepted()) {
                    json.writeStringField("reason", result.reason());
                    if (result.field() != null) {
                        json.writeStringField("field", result.field());
                    }
                    json.writeStringField("message", result.message());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write a response", e);
        }
        return out.toByteArray();
    }

    private static void error(Context ctx, CollectorRejection rejection) {
        rejection.retryAfterSeconds().ifPresent(seconds -> ctx.header("Retry-After", String.valueOf(seconds)));
        if (rejection.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error")
                .put("status", rejection.status())
                .put("code", rejection.code())
                .put("message", rejection.getMessage());
        json(ctx, rejection.status(), root);
    }

    private static void json(Context ctx, int status, ObjectNode body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a response", e);
        }
    }

    /** Same body, same batch id: a retried request gets the same dead-letter ids. */
    private static String digest(byte[] body) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 12);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Stops accepting requests, then closes the Kafka clients (waiting for what is in flight). */
    @Override
    public void close() {
        try {
            app.stop();
        }
        finally {
            try {
                admin.close(Duration.ofSeconds(5));
            }
            finally {
                try {
                    publisher.close();
                }
                catch (RuntimeException e) {
                    LOG.warn("Closing the Kafka publisher: {}", e.toString());
                }
                metrics.close();
            }
        }
    }
}
