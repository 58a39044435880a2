package org.opencdp.launcher.jobs;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs submitted jobs as processes, at most one per job type at a time; the others of that type wait in
 * submission order. Every state change is written to the {@link JobStore} before it is visible, so a new
 * scheduler on the same store takes over: queued jobs run, jobs that were running when the previous server
 * stopped are marked failed (their processes were ended with it).
 */
public final class JobScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);
    static final String INTERRUPTED = "the server stopped while the job ran; submit it again with a new idempotency key";
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final JobTypes types;
    private final JobStore store;
    private final JobLauncher launcher;
    private final Clock clock;
    private final Map<String, ArrayDeque<String>> queues = new HashMap<>();
    private final Map<String, RunningJob> running = new HashMap<>();
    private boolean closed;

    public JobScheduler(JobTypes types, JobStore store, JobLauncher launcher, Clock clock) {
        this.types = requireNonNull(types, "types is null");
        this.store = requireNonNull(store, "store is null");
        this.launcher = requireNonNull(launcher, "launcher is null");
        this.clock = requireNonNull(clock, "clock is null");
        recover();
    }

    /** A submission's outcome: the job, and whether this call created it (false: the key was known). */
    public record Submission(Job job, boolean created) {}

    /**
     * Queues a job, or returns the job already submitted with the same idempotency key.
     *
     * @throws InvalidJobRequestException for an unknown type or bad parameters
     * @throws IdempotencyConflictException when the key was used for a different type or parameters
     */
    public synchronized Submission submit(String typeName, Map<String, String> params, Optional<String> idempotencyKey) {
        JobType type = types.require(typeName);
        Map<String, String> valid = type.validate(params);
        String id = UUID.randomUUID().toString();
        String key = idempotencyKey.orElse(id);
        Optional<Job> existing = store.findByIdempotencyKey(key);
        if (existing.isPresent()) {
            Job job = existing.get();
            if (!job.type().equals(type.name()) || !job.params().equals(valid)) {
                throw new IdempotencyConflictException("Idempotency key '" + key + "' was used for job " + job.id() + " of type "
                        + job.type() + " with parameters " + job.params() + "; use a new key for a different job");
            }
            return new Submission(job, false);
        }
        if (closed) {
            throw new IllegalStateException("The job scheduler is stopping");
        }
        Job job = Job.queued(id, type.name(), valid, key, clock.instant());
        store.insert(job);
        queues.computeIfAbsent(type.name(), name -> new ArrayDeque<>()).addLast(job.id());
        dispatch(type.name());
        return new Submission(store.find(id).orElseThrow(), true);
    }

    public Optional<Job> find(String id) {
        return store.find(id);
    }

    public List<Job> list(Optional<String> type, Optional<JobState> state, int limit) {
        return store.list(type, state, limit);
    }

    public Path logFile(String id) {
        return launcher.logFile(id);
    }

    /**
     * Cancels a queued job at once, or ends a running job's process (and its children) and waits for it.
     *
     * @throws IllegalStateException (answered 409) when the job already finished
     */
    public Job cancel(String id) {
        CompletableFuture<Void> finished;
        synchronized (this) {
            Job job = store.find(id).orElseThrow(() -> new JobNotFoundException(id));
            if (job.state().isFinal()) {
                throw new JobAlreadyFinishedException("Job " + id + " already " + job.state().wireName());
            }
            if (job.state() == JobState.QUEUED) {
                queues.getOrDefault(job.type(), new ArrayDeque<>()).remove(id);
                Job cancelled = job.finished(JobState.CANCELLED, clock.instant(), OptionalInt.empty(), JobMetrics.NONE,
                        Optional.of("cancelled before it started"));
                store.update(cancelled);
                return cancelled;
            }
            RunningJob current = running.get(job.type());
            if (current == null || !current.jobId().equals(id)) {
                throw new IllegalStateException("Job " + id + " is marked running but this server does not run it");
            }
            current.stop(JobState.CANCELLED, "cancelled while running");
            finished = current.finished();
        }
        await(finished, id);
        return store.find(id).orElseThrow();
    }

    /** Ends every running job (marking it failed) and stops starting new ones; queued jobs stay queued. */
    @Override
    public void close() {
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (RunningJob job : running.values()) {
                job.stop(JobState.FAILED, INTERRUPTED);
                waiting.add(job.finished());
            }
        }
        for (CompletableFuture<Void> future : waiting) {
            try {
                future.get(STOP_GRACE.toSeconds() * 2, TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            catch (ExecutionException | TimeoutException e) {
                LOG.warn("A job did not stop in time: {}", e.toString());
            }
        }
    }

    private void recover() {
        for (Job job : store.unfinished()) {
            if (job.state() == JobState.RUNNING) {
                store.update(job.finished(JobState.FAILED, clock.instant(), OptionalInt.empty(), JobMetrics.fromLog(launcher.logFile(job.id())),
                        Optional.of(INTERRUPTED)));
            }
            else if (types.find(job.type()).isEmpty()) {
                store.update(job.finished(JobState.FAILED, clock.instant(), OptionalInt.empty(), JobMetrics.NONE,
                        Optional.of("job type " + job.type() + " is not known to this server")));
            }
            else {
                queues.computeIfAbsent(job.type(), name -> new ArrayDeque<>()).addLast(job.id());
            }
        }
        new ArrayList<>(queues.keySet()).forEach(this::dispatch);
    }

    /** Starts the next queued job of a type when none of that type runs. Called with the lock held. */
    private void dispatch(String type) {
        if (closed || running.containsKey(type)) {
            return;
        }
        ArrayDeque<String> queue = queues.get(type);
        while (queue != null && !queue.isEmpty()) {
            String id = queue.pollFirst();
            Optional<Job> queued = store.find(id).filter(job -> job.state() == JobState.QUEUED);
            if (queued.isEmpty()) {
                continue;
            }
            Job job = queued.get();
            JobType jobType = types.require(type);
            Job started = job.running(clock.instant());
            store.update(started);
            Process process;
            try {
                process = launcher.start(id, jobType.commandArguments(job.params()));
            }
            catch (RuntimeException e) {
                store.update(started.finished(JobState.FAILED, clock.instant(), OptionalInt.empty(), JobMetrics.NONE,
                        Optional.of(e.getMessage())));
                continue;
            }
            RunningJob runningJob = new RunningJob(id, process, new CompletableFuture<>());
            running.put(type, runningJob);
            LOG.info("Started job {} of type {} (pid {})", id, type, process.pid());
            process.onExit().whenComplete((exited, error) -> onExit(type, runningJob));
            return;
        }
    }

    private synchronized void onExit(String type, RunningJob runningJob) {
        try {
            Job job = store.find(runningJob.jobId()).orElseThrow();
            int exitCode = runningJob.process().exitValue();
            JobState state;
            Optional<String> message;
            if (runningJob.stopState() != null) {
                state = runningJob.stopState();
                message = Optional.of(runningJob.stopReason());
            }
            else if (exitCode == 0) {
                state = JobState.SUCCEEDED;
                message = Optional.empty();
            }
            else {
                state = JobState.FAILED;
                message = Optional.of("exit code " + exitCode + "; see the log");
            }
            store.update(job.finished(state, clock.instant(), OptionalInt.of(exitCode), JobMetrics.fromLog(launcher.logFile(job.id())), message));
            LOG.info("Job {} of type {} {} (exit code {})", job.id(), type, state.wireName(), exitCode);
        }
        catch (RuntimeException e) {
            LOG.error("Cannot record the end of job {}", runningJob.jobId(), e);
        }
        finally {
            running.remove(type, runningJob);
            runningJob.finished().complete(null);
            dispatch(type);
        }
    }

    private static void await(CompletableFuture<Void> finished, String id) {
        try {
            finished.get(STOP_GRACE.toSeconds() * 2, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while cancelling job " + id, e);
        }
        catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Job " + id + " did not stop within " + STOP_GRACE.multipliedBy(2).toSeconds() + " s", e);
        }
    }

    /** A job whose process runs; {@code stop} records why it is being ended before ending it. */
    private static final class RunningJob {
        private final String jobId;
        private final Process process;
        private final CompletableFuture<Void> finished;
        private volatile JobState stopState;
        private volatile String stopReason;

        RunningJob(String jobId, Process process, CompletableFuture<Void> finished) {
            this.jobId = jobId;
            this.process = process;
            this.finished = finished;
        }

        String jobId() {
            return jobId;
        }

        Process process() {
            return process;
        }

        CompletableFuture<Void> finished() {
            return finished;
        }

        JobState stopState() {
            return stopState;
        }

        String stopReason() {
            return stopReason;
        }

        void stop(JobState state, String reason) {
            if (stopState != null) {
                return;
            }
            stopReason = reason;
            stopState = state;
            // Engines started by the job (Spark, Flink job jars) are its children: end them first.
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            process.onExit().copy().orTimeout(STOP_GRACE.toSeconds(), TimeUnit.SECONDS).exceptionally(timeout -> {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return process;
            });
        }
    }
}
