package org.opencdp.platform.generator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * Generates what a Chinese online-merge-offline retailer's clients send: web, app and mini-program SDK
 * events, POS baskets and consent decisions, for a population of persons whose identifiers are known,
 * with deliberate hazards and bad records. See {@code GENERATOR.md} in the platform module.
 *
 * <p>Output is byte-identical for the same settings, whatever the number of threads: each person is
 * drawn from a random seeded by the run seed and the person's index, and lines are emitted in person
 * order (within a person, in time order per file).
 */
public final class OmoGenerator
{
    private static final int BATCH = 256;

    private final GeneratorSettings settings;
    private final int threads;

    public OmoGenerator(GeneratorSettings settings)
    {
        this(settings, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * @param threads threads drawing persons; changes speed only, never output
     */
    public OmoGenerator(GeneratorSettings settings, int threads)
    {
        this.settings = requireNonNull(settings, "settings is null");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.threads = threads;
    }

    /**
     * Writes the five {@code .jsonl} files, {@code ground_truth.csv}, {@code persons.csv},
     * {@code bad_records.csv}, {@code hazard_events.csv} and {@code manifest.json} into the directory
     * (created when missing; files of an earlier run are replaced).
     */
    public GenerationResult generate(Path outputDirectory)
            throws IOException
    {
        requireNonNull(outputDirectory, "outputDirectory is null");
        World world = World.plan(settings);
        Tally tally = new Tally();
        try (DirectoryOutput output = new DirectoryOutput(outputDirectory, world, tally)) {
            run(world, output::write);
            output.finish();
        }
        return tally.result(settings, Optional.of(outputDirectory));
    }

    /**
     * Sends every line, good and bad, to the sink in the order {@link #generate(Path)} writes them.
     * Ground truth is not sent; it is counted in the result.
     */
    public GenerationResult generate(EventSink sink)
            throws IOException
    {
        requireNonNull(sink, "sink is null");
        World world = World.plan(settings);
        Tally tally = new Tally();
        run(world, personOutput -> {
            for (GeneratedRecord record : personOutput.records()) {
                tally.count(record);
                sink.accept(record.source(), record.line());
            }
            tally.countPerson(GroundTruth.of(personOutput.person()).size());
        });
        tally.countGroundTruth(GroundTruth.shared(world).size());
        return tally.result(settings, Optional.empty());
    }

    @FunctionalInterface
    private interface PersonConsumer
    {
        void accept(PersonOutput output)
                throws IOException;
    }

    /** Draws persons in parallel batches and hands them to the consumer in person order. */
    private void run(World world, PersonConsumer consumer)
            throws IOException
    {
        PersonFactory factory = new PersonFactory(world);
        int members = settings.members();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "omo-generator-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            Deque<Future<List<PersonOutput>>> pending = new ArrayDeque<>();
            int next = 0;
            // a deep window keeps the drawing threads busy while the consumer waits on the disk
            int window = threads * 8;
            while (next < members || !pending.isEmpty()) {
                while (next < members && pending.size() < window) {
                    int from = next;
                    int to = Math.min(members, from + BATCH);
                    pending.add(executor.submit(() -> generateBatch(world, factory, from, to)));
                    next = to;
                }
                for (PersonOutput output : await(pending.removeFirst())) {
                    consumer.accept(output);
                }
            }
        }
        finally {
            executor.shutdownNow();
        }
    }

    private List<PersonOutput> generateBatch(World world, PersonFactory factory, int from, int to)
    {
        EventJsonWriter writer = new EventJsonWriter();
        List<PersonOutput> outputs = new ArrayList<>(to - from);
        for (int index = from; index < to; index++) {
            outputs.add(generatePerson(world, factory, writer, index));
        }
        return outputs;
    }

    static PersonOutput generatePerson(World world, PersonFactory factory, EventJsonWriter writer, int index)
    {
        SplittableRandom random = new SplittableRandom(Ids.mix(world.settings().seed(), index));
        Person person = factory.create(index, random);
        RecordCollector out = new RecordCollector(writer, random.split(), world.settings().badRecordRate(), world.endMillis());
        DraftFactory drafts = new DraftFactory(world, person, random);
        IdentifierPicker ids = new IdentifierPicker(person, random);
        new ConsentJourney(world, person, random, drafts, ids, out).generate();
        new PersonActivity(world, person, random, drafts, ids, out).generate();
        return new PersonOutput(person, out.records());
    }

    private static <T> T await(Future<T> future)
            throws IOException
    {
        try {
            return future.get();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating", e);
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
