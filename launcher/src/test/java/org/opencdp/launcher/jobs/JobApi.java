package org.opencdp.launcher.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A small HTTP client of the job API for tests: every call bounded in time. */
final class JobApi {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Optional<String> token;

    JobApi(int port, Optional<String> token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    record Reply(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            }
            catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + body, e);
            }
        }
    }

    Reply get(String path) {
        return send(request(path).GET());
    }

    Reply post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply submit(String type, String paramsJson, String key) {
        return post("/v1/jobs", "{\"type\":\"" + type + "\",\"params\":" + paramsJson + ",\"idempotencyKey\":\"" + key + "\"}");
    }

    /** Polls a job until it reaches a final state; fails after {@code limit}. */
    JsonNode awaitFinal(String id, Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (true) {
            JsonNode job = get("/v1/jobs/" + id).json();
            if (JobState.fromWireName(job.get("state").asText()).isFinal()) {
                return job;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Job " + id + " did not finish within " + limit + ": " + job);
            }
            Thread.sleep(100);
        }
    }

    JsonNode awaitState(String id, JobState state, Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (true) {
            JsonNode job = get("/v1/jobs/" + id).json();
            if (job.get("state").asText().equals(state.wireName())) {
                return job;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Job " + id + " did not reach " + state.wireName() + " within " + limit + ": " + job);
            }
            Thread.sleep(50);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(CALL_TIMEOUT);
        token.ifPresent(value -> builder.header("Authorization", "Bearer " + value));
        return builder;
    }

    private Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        }
        catch (IOException e) {
            throw new AssertionError("Request failed: " + e, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }
}
