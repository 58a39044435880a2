package org.opencdp.launcher.airflow;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A client of Airflow 3's REST API v2: a JWT from the simple auth manager ({@code POST /auth/token}), DAG
 * runs triggered and read, and asset events posted (e.g. after a streaming job committed a table). The token
 * is fetched on first use and fetched again once when Airflow answers 401 (it expired).
 */
public final class AirflowClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI apiBaseUrl;
    private final URI authBaseUrl;
    private final String username;
    private final String password;
    private final Duration timeout;
    private final HttpClient http;
    private volatile String token;

    /**
     * @param apiBaseUrl where {@code /api/v2/...} is served, e.g. {@code http://airflow:8080}
     * @param authBaseUrl where {@code /auth/token} is served; the same as {@code apiBaseUrl} in a standard deployment
     */
    public AirflowClient(URI apiBaseUrl, URI authBaseUrl, String username, String password, Duration timeout) {
        this.apiBaseUrl = withoutTrailingSlash(requireNonNull(apiBaseUrl, "apiBaseUrl is null"));
        this.authBaseUrl = withoutTrailingSlash(requireNonNull(authBaseUrl, "authBaseUrl is null"));
        this.username = requireNonNull(username, "username is null");
        this.password = requireNonNull(password, "password is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public static AirflowClient of(URI baseUrl, String username, String password) {
        return new AirflowClient(baseUrl, baseUrl, username, password, Duration.ofSeconds(30));
    }

    /** A DAG run as Airflow reports it; {@code state} is queued, running, success or failed. */
    public record DagRun(String dagId, String dagRunId, String state, Optional<Instant> logicalDate, Optional<Instant> startDate, Optional<Instant> endDate) {
        public DagRun {
            requireNonNull(dagId, "dagId is null");
            requireNonNull(dagRunId, "dagRunId is null");
            requireNonNull(state, "state is null");
            requireNonNull(logicalDate, "logicalDate is null");
            requireNonNull(startDate, "startDate is null");
            requireNonNull(endDate, "endDate is null");
        }

        public boolean finished() {
            return state.equals("success") || state.equals("failed");
        }
    }

    /** An asset event Airflow recorded. */
    public record AssetEvent(long id, long assetId, Optional<Instant> timestamp) {
        public AssetEvent {
            requireNonNull(timestamp, "timestamp is null");
        }
    }

    /** A JWT for the configured user ({@code POST /auth/token}). */
    public String fetchToken() {
        ObjectNode body = JSON.createObjectNode().put("username", username).put("password", password);
        HttpRequest request = HttpRequest.newBuilder(URI.create(authBaseUrl + "/auth/token"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body)))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new AirflowException("Airflow refused the login of user '" + username + "' at " + request.uri() + ": HTTP "
                    + response.statusCode() + " " + response.body());
        }
        JsonNode accessToken = read(response).get("access_token");
        if (accessToken == null || !accessToken.isTextual() || accessToken.asText().isEmpty()) {
            throw new AirflowException("Airflow's /auth/token answer has no access_token: " + response.body());
        }
        return accessToken.asText();
    }

    /**
     * Triggers a run of {@code dagId} ({@code POST /api/v2/dags/{dag_id}/dagRuns}); Airflow picks the run id
     * when {@code dagRunId} is empty, and the logical date is left to Airflow when {@code logicalDate} is empty.
     */
    public DagRun triggerDagRun(String dagId, Optional<String> dagRunId, Optional<Instant> logicalDate, Map<String, ?> conf) {
        requireNonNull(dagId, "dagId is null");
        requireNonNull(dagRunId, "dagRunId is null");
        requireNonNull(logicalDate, "logicalDate is null");
        requireNonNull(conf, "conf is null");
        ObjectNode body = JSON.createObjectNode();
        dagRunId.ifPresent(id -> body.put("dag_run_id", id));
        // logical_date is required by the API but may be null (Airflow 3 runs without a logical date).
        if (logicalDate.isPresent()) {
            body.put("logical_date", logicalDate.get().toString());
        }
        else {
            body.putNull("logical_date");
        }
        body.set("conf", JSON.valueToTree(conf));
        JsonNode run = call("POST", "/api/v2/dags/" + segment(dagId) + "/dagRuns", Optional.of(body), "trigger DAG " + dagId);
        return dagRun(run);
    }

    /** The current state of one run ({@code GET /api/v2/dags/{dag_id}/dagRuns/{dag_run_id}}). */
    public DagRun dagRun(String dagId, String dagRunId) {
        requireNonNull(dagId, "dagId is null");
        requireNonNull(dagRunId, "dagRunId is null");
        JsonNode run = call("GET", "/api/v2/dags/" + segment(dagId) + "/dagRuns/" + segment(dagRunId), Optional.empty(),
                "read run " + dagRunId + " of DAG " + dagId);
        return dagRun(run);
    }

    /**
     * Records an event on an asset ({@code POST /api/v2/assets/events}), which triggers the DAGs scheduled on
     * that asset; {@code extra} travels with the event (e.g. the Iceberg snapshot id just committed).
     */
    public AssetEvent postAssetEvent(long assetId, Map<String, ?> extra) {
        requireNonNull(extra, "extra is null");
        ObjectNode body = JSON.createObjectNode();
        body.put("asset_id", assetId);
        body.set("extra", JSON.valueToTree(extra));
        JsonNode event = call("POST", "/api/v2/assets/events", Optional.of(body), "post an event on asset " + assetId);
        return new AssetEvent(event.path("id").asLong(), event.path("asset_id").asLong(assetId), instant(event, "timestamp"));
    }

    private JsonNode call(String method, String path, Optional<JsonNode> body, String what) {
        HttpResponse<String> response = send(request(method, path, body, currentToken()));
        if (response.statusCode() == 401) {
            token = null;
            response = send(request(method, path, body, currentToken()));
        }
        if (response.statusCode() / 100 != 2) {
            throw new AirflowException("Cannot " + what + ": " + method + " " + path + " answered HTTP " + response.statusCode() + " " + response.body());
        }
        return read(response);
    }

    private HttpRequest request(String method, String path, Optional<JsonNode> body, String bearer) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(apiBaseUrl + path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + bearer);
        if (body.isPresent()) {
            builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(write(body.get())));
        }
        else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return builder.build();
    }

    private String currentToken() {
        String current = token;
        if (current == null) {
            current = fetchToken();
            token = current;
        }
        return current;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new AirflowException("Cannot reach Airflow at " + request.uri() + ": " + e.getMessage(), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AirflowException("Interrupted while calling Airflow at " + request.uri(), e);
        }
    }

    private static DagRun dagRun(JsonNode run) {
        return new DagRun(run.path("dag_id").asText(), run.path("dag_run_id").asText(), run.path("state").asText(),
                instant(run, "logical_date"), instant(run, "start_date"), instant(run, "end_date"));
    }

    private static Optional<Instant> instant(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.time.OffsetDateTime.parse(value.asText()).toInstant());
        }
        catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static JsonNode read(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        }
        catch (JsonProcessingException e) {
            throw new AirflowException("Airflow answered something that is not JSON (HTTP " + response.statusCode() + "): " + response.body(), e);
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
    }
}
