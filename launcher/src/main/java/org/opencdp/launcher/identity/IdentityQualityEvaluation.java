package org.opencdp.launcher.identity;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opencdp.identity.cluster.BadMarks;
import org.opencdp.identity.cluster.Quarantine;
import org.opencdp.identity.cluster.ReferenceClustering;
import org.opencdp.identity.cluster.ReferenceClustering.ReferenceResult;
import org.opencdp.identity.edge.AvroEdges;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.identity.evaluation.EvaluationReport;
import org.opencdp.identity.evaluation.PairwiseEvaluation;
import org.opencdp.identity.links.EventIdentifiers;
import org.opencdp.identity.links.LinkExtractor;
import org.opencdp.identity.links.TypedIdentifier;
import org.opencdp.identity.rules.IdentityRules;
import org.opencdp.ingestion.decode.JsonEventDecoder;
import org.opencdp.ingestion.edge.Accepted;
import org.opencdp.ingestion.edge.EdgeBatch;
import org.opencdp.ingestion.edge.EdgeOutcome;
import org.opencdp.ingestion.edge.EdgePipeline;
import org.opencdp.ingestion.edge.IngestStage;
import org.opencdp.ingestion.pii.IdentifierTokenizer;
import org.opencdp.ingestion.pii.Tokenizer;
import org.opencdp.ingestion.vault.PayloadSealer;
import org.opencdp.platform.generator.OmoSource;
import org.opencdp.schemas.avro.IdentifierType;
import org.opencdp.schemas.avro.IdentityLink;
import org.opencdp.schemas.contract.Envelope;

/**
 * Runs a generated dataset ({@code OmoGenerator} output) through the same path as production, engine-free, and
 * scores the result against its ground truth:
 *
 * <ol>
 *   <li>every line through the {@link EdgePipeline} (decode, clock correction, duplicates, tokenization with the
 *       given key), with the rules' blocked clear values left out before tokenization;</li>
 *   <li>{@link LinkExtractor} on every accepted event, the extraction the streaming job runs;</li>
 *   <li>{@link ReferenceClustering} with the rules, the reference every engine's clustering must equal;</li>
 *   <li>{@code ground_truth.csv} tokenized with the same key, and {@link PairwiseEvaluation}.</li>
 * </ol>
 *
 * <p>Lines are replayed on a {@link ReplayClock} set to each line's arrival: its {@code sent_at} on the
 * server's clock (the generator shifts a skewed device's {@code sent_at} by the skew listed in
 * {@code hazard_events.csv}), or its {@code event_time} for sources that send no {@code sent_at} (POS,
 * consent), never after the end of the generated period. The edge then corrects skew and rejects future times
 * exactly as a live collector would.
 *
 * <p>Identifiers the ground truth lists for several persons (a family tablet, the QA test phone, a recycled
 * number) cannot be right for all of them in one member, so they stay out of the pairwise counts; instead no
 * such identifier, nor any hub of no one, may end up in a member holding two persons ({@code hubMerges}), and
 * every recycled number is checked on its own.
 */
public final class IdentityQualityEvaluation {
    /** Ground-truth label of hub identifiers that belong to no one. */
    public static final String SHARED = "shared";
    static final String SEVERAL_PERSONS = "several persons";

    private static final Pattern SENT_AT = Pattern.compile("\"sent_at\":\"([^\"]+)\"");
    private static final Pattern EVENT_TIME = Pattern.compile("\"event_time\":\"([^\"]+)\"");
    private static final Pattern PERIOD_END = Pattern.compile("\"end\"\\s*:\\s*\"([^\"]+)\"");

    private final Tokenizer tokenizer;
    private final IdentityRules rules;

    public IdentityQualityEvaluation(Tokenizer tokenizer, IdentityRules rules) {
        this.tokenizer = requireNonNull(tokenizer, "tokenizer is null");
        this.rules = requireNonNull(rules, "rules is null");
    }

    /** Evaluates the dataset in {@code dataset}: the directory {@code OmoGenerator.generate(Path)} wrote. */
    public IdentityQualityReport evaluate(Path dataset) {
        requireNonNull(dataset, "dataset is null");
        try {
            return evaluateDirectory(dataset);
        }
        catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Not a generated dataset (missing %s): %s".formatted(e.getFile(), dataset), e);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read the generated dataset in " + dataset, e);
        }
    }

    private IdentityQualityReport evaluateDirectory(Path dataset)
            throws IOException {
        Instant periodEnd = periodEnd(dataset.resolve("manifest.json"));
        HazardLines hazards = HazardLines.read(dataset.resolve("hazard_events.csv"));

        long started = System.nanoTime();
        ReplayClock clock = new ReplayClock(periodEnd);
        IdentifierTokenizer edgeTokenizer = new IdentifierTokenizer(tokenizer, rules.blockedValues()::isBlocked);
        EdgePipeline pipeline = new EdgePipeline(JsonEventDecoder.withDefaults(), edgeTokenizer, clock, PayloadSealer.ephemeral());
        List<IdentityEdge> edges = new ArrayList<>();
        List<List<TypedIdentifier>> newOwnerEvents = new ArrayList<>();
        Set<IdentifierKey> observed = new HashSet<>();
        long lines = 0;
        long accepted = 0;
        for (OmoSource source : OmoSource.values()) {
            Path file = dataset.resolve(source.fileName());
            if (!Files.exists(file)) {
                continue;
            }
            EdgeBatch batch = pipeline.newBatch("identity-evaluation-" + source.sourceName(), IngestStage.BATCH);
            // Latin-1 maps every byte to one char and back: a bad line reaches the edge byte for byte, even a
            // truncated UTF-8 sequence, and the ASCII timestamps are still found in it
            try (BufferedReader reader = Files.newBufferedReader(file, ISO_8859_1)) {
                String line;
                long number = 0;
                while ((line = reader.readLine()) != null) {
                    number++;
                    lines++;
                    clock.set(arrival(line, hazards.skewMillis(source.fileName(), number), periodEnd));
                    EdgeOutcome outcome = batch.process(source.contract(), line.getBytes(ISO_8859_1));
                    if (outcome instanceof Accepted event) {
                        accepted++;
                        for (TypedIdentifier identifier : EventIdentifiers.of(identifiers(event))) {
                            observed.add(IdentifierKey.of(IdentifierType.valueOf(identifier.type()), identifier.token()));
                        }
                        for (IdentityLink link : LinkExtractor.links(event.record())) {
                            edges.add(AvroEdges.fromAvro(link));
                        }
                        if (hazards.isNewOwnerOfRecycledPhone(source.fileName(), number)) {
                            newOwnerEvents.add(EventIdentifiers.of(identifiers(event)));
                        }
                    }
                }
            }
        }
        Duration ingestTime = Duration.ofNanos(System.nanoTime() - started);
        long edgeCount = edges.size();

        started = System.nanoTime();
        ReferenceResult result = ReferenceClustering.resolve(rules, edges, BadMarks.none());
        Duration clusterTime = Duration.ofNanos(System.nanoTime() - started);
        Map<IdentifierKey, String> predicted = new HashMap<>(result.clusterKeys().size() * 2);
        result.clusterKeys().forEach((key, clusterKey) -> predicted.put(key, clusterKey.toString()));
        long graphIdentifiers = result.statuses().size();
        GroundTruth truth = GroundTruth.read(dataset.resolve("ground_truth.csv"), new IdentifierTokenizer(tokenizer));
        Map<IdentifierKey, IdentifierKey> evidence = EvidenceComponents.of(edges, truth.singleOwner());
        edges = null;
        // the ground truth lists every identifier a person has, also those they never used in the period: only
        // identifiers some accepted event carries can be resolved at all
        Map<IdentifierKey, String> observedTruth = new HashMap<>(observed.size() * 2);
        truth.singleOwner().forEach((key, person) -> {
            if (observed.contains(key)) {
                observedTruth.put(key, person);
            }
        });
        EvaluationReport pairwise = PairwiseEvaluation.evaluate(predicted, observedTruth);
        // what any rule could recover: a person's identifiers joined by links between that person's own identifiers
        Map<IdentifierKey, String> recoverableTruth = new HashMap<>(observedTruth.size() * 2);
        observedTruth.forEach((key, person) -> recoverableTruth.put(key, person + '#' + evidence.getOrDefault(key, key)));
        EvaluationReport recoverable = PairwiseEvaluation.evaluate(predicted, recoverableTruth);
        long neverObserved = truth.singleOwner().size() - observedTruth.size();
        return new IdentityQualityReport(
                lines,
                accepted,
                edgeCount,
                graphIdentifiers,
                pairwise,
                recoverable,
                neverObserved,
                truth.multiOwner().size(),
                hubMerges(predicted, truth),
                result.conflicts().size(),
                quarantines(result.quarantines(), truth),
                recycledPhones(newOwnerEvents, predicted, truth),
                ingestTime,
                clusterTime);
    }

    private static org.opencdp.schemas.avro.Identifiers identifiers(Accepted event) {
        return (org.opencdp.schemas.avro.Identifiers) event.record().get(event.record().getSchema().getField(Envelope.IDENTIFIERS).pos());
    }

    /** Hub identifiers (of no one, or of several persons) whose member holds identifiers of two or more persons. */
    private static long hubMerges(Map<IdentifierKey, String> predicted, GroundTruth truth) {
        Map<String, Set<String>> personsByMember = new HashMap<>();
        truth.singleOwner().forEach((key, person) -> {
            String member = predicted.get(key);
            if (member != null) {
                personsByMember.computeIfAbsent(member, m -> new HashSet<>(2)).add(person);
            }
        });
        long merges = 0;
        for (IdentifierKey hub : truth.hubs()) {
            String member = predicted.get(hub);
            if (member != null && personsByMember.getOrDefault(member, Set.of()).size() > 1) {
                merges++;
            }
        }
        return merges;
    }

    private static List<QuarantinedHub> quarantines(List<Quarantine> quarantines, GroundTruth truth) {
        List<QuarantinedHub> hubs = new ArrayList<>(quarantines.size());
        for (Quarantine quarantine : quarantines) {
            IdentifierKey key = quarantine.hub();
            String label;
            if (truth.multiOwner().containsKey(key)) {
                label = SEVERAL_PERSONS;
            }
            else {
                label = truth.singleOwnerOrShared(key).orElse("unknown");
            }
            hubs.add(new QuarantinedHub(key.type().name(), quarantine.neighbourType().name(), quarantine.distinctNeighbours(), label));
        }
        return hubs;
    }

    /**
     * For every recycled number: the new owner is the person of the other identifiers on the event where they
     * verified it, the previous owner the other person the ground truth lists for the number.
     */
    private static List<RecycledPhoneOutcome> recycledPhones(List<List<TypedIdentifier>> newOwnerEvents, Map<IdentifierKey, String> predicted, GroundTruth truth) {
        Map<IdentifierKey, String> newOwners = new TreeMap<>();
        for (List<TypedIdentifier> identifiers : newOwnerEvents) {
            IdentifierKey phone = null;
            String owner = null;
            for (TypedIdentifier identifier : identifiers) {
                IdentifierKey key = IdentifierKey.of(IdentifierType.valueOf(identifier.type()), identifier.token());
                if (key.type() == IdentifierType.PHONE && truth.multiOwner().containsKey(key)) {
                    phone = key;
                }
                else if (truth.singleOwner().containsKey(key)) {
                    owner = truth.singleOwner().get(key);
                }
            }
            if (phone != null && owner != null) {
                newOwners.putIfAbsent(phone, owner);
            }
        }
        Map<String, List<IdentifierKey>> identifiersByPerson = new HashMap<>();
        truth.singleOwner().forEach((key, person) -> identifiersByPerson.computeIfAbsent(person, p -> new ArrayList<>()).add(key));
        List<RecycledPhoneOutcome> outcomes = new ArrayList<>();
        newOwners.forEach((phone, newOwner) -> {
            for (String previousOwner : truth.multiOwner().get(phone)) {
                if (previousOwner.equals(newOwner)) {
                    continue;
                }
                Set<String> previousMembers = members(identifiersByPerson.getOrDefault(previousOwner, List.of()), predicted);
                Set<String> newMembers = members(identifiersByPerson.getOrDefault(newOwner, List.of()), predicted);
                boolean joined = previousMembers.stream().anyMatch(newMembers::contains);
                String member = predicted.get(phone);
                boolean withNew = member != null && newMembers.contains(member);
                boolean withPrevious = member != null && previousMembers.contains(member);
                String holder = withNew && withPrevious ? "both" : withNew ? "new_owner" : withPrevious ? "previous_owner" : "nobody";
                outcomes.add(new RecycledPhoneOutcome(previousOwner, newOwner, joined, holder));
            }
        });
        return outcomes;
    }

    private static Set<String> members(List<IdentifierKey> keys, Map<IdentifierKey, String> predicted) {
        Set<String> members = new TreeSet<>();
        for (IdentifierKey key : keys) {
            String member = predicted.get(key);
            if (member != null) {
                members.add(member);
            }
        }
        return members;
    }

    static Instant arrival(String line, long skewMillis, Instant periodEnd) {
        Instant sentAt = timestamp(SENT_AT, line);
        if (sentAt != null) {
            // a skewed device stamps sent_at on its own clock; the server received it at the true time
            return sentAt.minusMillis(skewMillis);
        }
        Instant eventTime = timestamp(EVENT_TIME, line);
        if (eventTime == null || eventTime.isAfter(periodEnd)) {
            return periodEnd;
        }
        return eventTime;
    }

    private static Instant timestamp(Pattern pattern, String line) {
        Matcher matcher = pattern.matcher(line);
        if (!matcher.find()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(matcher.group(1)).toInstant();
        }
        catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant periodEnd(Path manifest)
            throws IOException {
        Matcher matcher = PERIOD_END.matcher(Files.readString(manifest, UTF_8));
        if (!matcher.find()) {
            throw new IllegalArgumentException("Manifest has no settings.end: " + manifest);
        }
        return Instant.parse(matcher.group(1));
    }
}
