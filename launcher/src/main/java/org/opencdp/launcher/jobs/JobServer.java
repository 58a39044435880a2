package org.opencdp.launcher.jobs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The job-control REST API ({@code cdp server}), described by {@code openapi/jobs.yaml} and served with it at
 * {@code /openapi.yaml}. Every {@code /v1} call needs {@code Authorization: Bearer <engineer token>}; the
 * health check and the API document do not.
 */
public final class JobServer implements AutoCloseable {
    public static final String OPENAPI_RESOURCE = "/openapi/jobs.yaml";
    static final int DEFAULT_LIST_LIMIT = 100;
    static final int MAX_LIST_LIMIT = 1000;
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,256}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobScheduler scheduler;
    private final JobTypes types;
    private final byte[] token;
    private final byte[] openApi;
    private final Javalin app;

    private JobServer(JobScheduler scheduler, JobTypes types, String token, String host, int port) {
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.types = requireNonNull(types, "types is null");
        this.token = requireNonNull(token, "token is null").getBytes(StandardCharsets.UTF_8);
        this.openApi = readOpenApi();
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = host;
            config.jetty.port = port;
            config.routes.get("/health", ctx -> send(ctx, 200, JSON.createObjectNode().put("status", "ok")));
            config.routes.get("/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(openApi));
            config.routes.beforeMatched(this::authenticate);
            config.routes.get("/v1/job-types", this::listTypes);
            config.routes.post("/v1/jobs", this::submit);
            config.routes.get("/v1/jobs", this::list);
            config.routes.get("/v1/jobs/{id}", this::get);
            config.routes.get("/v1/jobs/{id}/log", this::log);
            config.routes.post("/v1/jobs/{id}/cancel", this::cancel);
            config.routes.exception(InvalidJobRequestException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
            config.routes.exception(JobNotFoundException.class, (e, ctx) -> error(ctx, 404, e.getMessage()));
            config.routes.exception(IdempotencyConflictException.class, (e, ctx) -> error(ctx, 409, e.getMessage()));
            config.routes.exception(JobAlreadyFinishedException.class, (e, ctx) -> error(ctx, 409, e.getMessage()));
        });
    }

    /** Starts the API on {@code host:port} (port 0 picks a free one). */
    public static JobServer start(JobScheduler scheduler, JobTypes types, String token, String host, int port) {
        JobServer server = new JobServer(scheduler, types, token, host, port);
        server.app.start();
        return server;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    private void authenticate(Context ctx) {
        if (!ctx.path().startsWith("/v1/")) {
            return;
        }
        String header = ctx.header("Authorization");
        boolean valid = header != null && header.startsWith("Bearer ")
                && MessageDigest.isEqual(token, header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8));
        if (!valid) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"cdp\"");
            error(ctx, 401, "Missing or wrong engineer token: send 'Authorization: Bearer <server.token>'");
            ctx.skipRemainingHandlers();
        }
    }

    private void listTypes(Context ctx) {
        ArrayNode list = JSON.createArrayNode();
        for (JobType type : types.all()) {
            ObjectNode node = list.addObject();
            node.put("name", type.name());
            node.put("description", type.description());
            ArrayNode parameters = node.putArray("parameters");
            for (JobParameter parameter : type.parameters()) {
                ObjectNode p = parameters.addObject();
                p.put("name", parameter.name());
                p.put("description", parameter.description());
                p.put("pattern", parameter.pattern().pattern());
                p.put("required", parameter.required());
                parameter.defaultValue().ifPresent(value -> p.put("default", value));
            }
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("jobTypes", list);
        send(ctx, 200, body);
    }

    private void submit(Context ctx) {
        JsonNode request;
        try {
            request = JSON.readTree(ctx.body());
        }
        catch (JsonProcessingException e) {
            throw new InvalidJobRequestException("The request body is not JSON: " + e.getOriginalMessage());
        }
        if (request == null || !request.isObject()) {
            throw new InvalidJobRequestException("The request body must be a JSON object {type, params, idempotencyKey}");
        }
        JsonNode type = request.get("type");
        if (type == null || !type.isTextual()) {
            throw new InvalidJobRequestException("Field 'type' (a job type name, see GET /v1/job-types) is required");
        }
        Optional<String> key = Optional.empty();
        JsonNode keyNode = request.get("idempotencyKey");
        if (keyNode != null && !keyNode.isNull()) {
            if (!keyNode.isTextual() || !IDEMPOTENCY_KEY.matcher(keyNode.asText()).matches()) {
                throw new InvalidJobRequestException("Field 'idempotencyKey' must be 1 to 256 printable characters without spaces");
            }
            key = Optional.of(keyNode.asText());
        }
        JobScheduler.Submission submission = scheduler.submit(type.asText(), params(request.get("params")), key);
        ctx.header("Location", "/v1/jobs/" + submission.job().id());
        send(ctx, submission.created() ? 202 : 200, render(submission.job()));
    }

    private static Map<String, String> params(JsonNode node) {
        Map<String, String> params = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return params;
        }
        if (!node.isObject()) {
            throw new InvalidJobRequestException("Field 'params' must be a JSON object of names to values");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw new InvalidJobRequestException("Parameter '" + field.getKey() + "' must be a string, number or boolean");
            }
            params.put(field.getKey(), value.asText());
        }
        return params;
    }

    private void list(Context ctx) {
        Optional<String> type = Optional.ofNullable(ctx.queryParam("type")).filter(value -> !value.isBlank());
        Optional<JobState> state;
        try {
            state = Optional.ofNullable(ctx.queryParam("state")).filter(value -> !value.isBlank()).map(JobState::fromWireName);
        }
        catch (IllegalArgumentException e) {
            throw new InvalidJobRequestException(e.getMessage());
        }
        int limit = DEFAULT_LIST_LIMIT;
        String limitText = ctx.queryParam("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            }
            catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIST_LIMIT) {
                throw new InvalidJobRequestException("Query parameter 'limit' must be an integer from 1 to " + MAX_LIST_LIMIT + ": " + limitText);
            }
        }
        ArrayNode jobs = JSON.createArrayNode();
        scheduler.list(type, state, limit).forEach(job -> jobs.add(render(job)));
        ObjectNode body = JSON.createObjectNode();
        body.set("jobs", jobs);
        send(ctx, 200, body);
    }

    private void get(Context ctx) {
        String id = ctx.pathParam("id");
        send(ctx, 200, render(scheduler.find(id).orElseThrow(() -> new JobNotFoundException(id))));
    }

    private void log(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        scheduler.find(id).orElseThrow(() -> new JobNotFoundException(id));
        Path log = scheduler.logFile(id);
        if (!Files.isRegularFile(log)) {
            error(ctx, 404, "Job " + id + " has no log yet (it has not started)");
            return;
        }
        ctx.contentType("text/plain; charset=utf-8").result(Files.readAllBytes(log));
    }

    private void cancel(Context ctx) {
        send(ctx, 200, render(scheduler.cancel(ctx.pathParam("id"))));
    }

    static ObjectNode render(Job job) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", job.id());
        node.put("type", job.type());
        ObjectNode params = node.putObject("params");
        job.params().forEach(params::put);
        node.put("idempotencyKey", job.idempotencyKey());
        node.put("state", job.state().wireName());
        node.put("createdAt", job.createdAt().toString());
        putInstant(node, "startedAt", job.startedAt());
        putInstant(node, "finishedAt", job.finishedAt());
        if (job.startedAt().isPresent() && job.finishedAt().isPresent()) {
            node.put("durationMillis", job.finishedAt().get().toEpochMilli() - job.startedAt().get().toEpochMilli());
        }
        else {
            node.putNull("durationMillis");
        }
        if (job.exitCode().isPresent()) {
            node.put("exitCode", job.exitCode().getAsInt());
        }
        else {
            node.putNull("exitCode");
        }
        try {
            node.set("metrics", JSON.readTree(job.metrics()));
        }
        catch (JsonProcessingException e) {
            node.putObject("metrics");
        }
        node.put("message", job.message().orElse(null));
        ObjectNode links = node.putObject("links");
        links.put("self", "/v1/jobs/" + job.id());
        links.put("log", "/v1/jobs/" + job.id() + "/log");
        links.put("cancel", "/v1/jobs/" + job.id() + "/cancel");
        return node;
    }

    private static void putInstant(ObjectNode node, String field, Optional<Instant> instant) {
        if (instant.isPresent()) {
            node.put(field, instant.get().toString());
        }
        else {
            node.putNull(field);
        }
    }

    private static void error(Context ctx, int status, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", message);
        send(ctx, status, body);
    }

    private static void send(Context ctx, int status, JsonNode body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a response", e);
        }
    }

    private static byte[] readOpenApi() {
        try (InputStream in = JobServer.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The API document " + OPENAPI_RESOURCE + " is missing from the class path");
            }
            return in.readAllBytes();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + OPENAPI_RESOURCE, e);
        }
    }
}
