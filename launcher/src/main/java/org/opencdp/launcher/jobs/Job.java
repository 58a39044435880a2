package org.opencdp.launcher.jobs;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One job as the store keeps it. {@code metrics} is the JSON object the job printed as its last JSON line
 * ({@code "{}"} when it printed none); {@code message} explains a failure or a cancellation.
 */
public record Job(
        String id,
        String type,
        Map<String, String> params,
        String idempotencyKey,
        JobState state,
        Instant createdAt,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        OptionalInt exitCode,
        String metrics,
        Optional<String> message) {
    public Job {
        requireNonNull(id, "id is null");
        requireNonNull(type, "type is null");
        params = Map.copyOf(requireNonNull(params, "params is null"));
        requireNonNull(idempotencyKey, "idempotencyKey is null");
        requireNonNull(state, "state is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
        requireNonNull(exitCode, "exitCode is null");
        requireNonNull(metrics, "metrics is null");
        requireNonNull(message, "message is null");
    }

    static Job queued(String id, String type, Map<String, String> params, String idempotencyKey, Instant now) {
        return new Job(id, type, params, idempotencyKey, JobState.QUEUED, now, Optional.empty(), Optional.empty(),
                OptionalInt.empty(), "{}", Optional.empty());
    }

    Job running(Instant now) {
        return new Job(id, type, params, idempotencyKey, JobState.RUNNING, createdAt, Optional.of(now), finishedAt, exitCode, metrics, message);
    }

    Job finished(JobState finalState, Instant now, OptionalInt code, String jobMetrics, Optional<String> why) {
        if (!finalState.isFinal()) {
            throw new IllegalArgumentException("Not a final state: " + finalState);
        }
        return new Job(id, type, params, idempotencyKey, finalState, createdAt, startedAt, Optional.of(now), code, jobMetrics, why);
    }
}
