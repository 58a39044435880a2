package org.opencdp.launcher.identity;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.opencdp.identity.evaluation.EvaluationReport;

/**
 * Quality of identity resolution on one generated dataset, against its ground truth.
 *
 * @param lines input lines read
 * @param accepted lines the edge accepted (the rest were dead-lettered)
 * @param edges identity links extracted from the accepted events
 * @param graphIdentifiers distinct identifiers on those links
 * @param pairwise pairwise precision/recall over the identifiers of exactly one person that some accepted event
 *        carries (the ground truth also lists identifiers a person never used in the period)
 * @param recoverable the same against what the links can prove at all: a person's identifiers split into the
 *        connected components of the links between that person's own identifiers; its recall is the rules' own
 * @param neverObserved ground-truth identifiers of one person that no accepted event carries
 * @param multiOwnerIdentifiers identifiers the ground truth lists for several persons (family tablets, the QA
 *        test phone, recycled numbers), left out of the pairwise counts and checked below instead
 * @param hubMerges identifiers of no one or of several persons (hubs) whose member holds identifiers of more
 *        than one person: merges a hub caused
 * @param conflicts edges dropped because they would break a per-member limit
 * @param quarantines hubs the rules quarantined
 * @param recycledPhones the outcome for every recycled number
 * @param ingestTime reading, edge pipeline and link extraction
 * @param clusterTime clustering with the reference implementation of the core
 */
public record IdentityQualityReport(
        long lines,
        long accepted,
        long edges,
        long graphIdentifiers,
        EvaluationReport pairwise,
        EvaluationReport recoverable,
        long neverObserved,
        long multiOwnerIdentifiers,
        long hubMerges,
        long conflicts,
        List<QuarantinedHub> quarantines,
        List<RecycledPhoneOutcome> recycledPhones,
        Duration ingestTime,
        Duration clusterTime) {
    public static final double PRECISION_BAR = 0.995;
    public static final double RECALL_BAR = 0.98;

    public IdentityQualityReport {
        requireNonNull(pairwise, "pairwise is null");
        requireNonNull(recoverable, "recoverable is null");
        quarantines = List.copyOf(requireNonNull(quarantines, "quarantines is null"));
        recycledPhones = List.copyOf(requireNonNull(recycledPhones, "recycledPhones is null"));
        requireNonNull(ingestTime, "ingestTime is null");
        requireNonNull(clusterTime, "clusterTime is null");
    }

    public long recycledPhonesJoined() {
        return recycledPhones.stream().filter(RecycledPhoneOutcome::joined).count();
    }

    public long quarantinedNonHubs() {
        return quarantines.stream().filter(hub -> !hub.truth().equals(IdentityQualityEvaluation.SHARED)
                && !hub.truth().equals(IdentityQualityEvaluation.SEVERAL_PERSONS)).count();
    }

    /**
     * The quality bar: precision, recall of what the links can prove, no hub merges, no recycled number joining
     * its two owners. Recall over every observed identifier is reported but depends on how often the generated
     * people use two identifiers together, which no rule changes.
     */
    public boolean meetsBar() {
        return pairwise.precision() >= PRECISION_BAR
                && recoverable.recall() >= RECALL_BAR
                && hubMerges == 0
                && recycledPhonesJoined() == 0;
    }

    /** The report as text, for a terminal or a document. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "input             %,d lines, %,d accepted, %,d links, %,d identifiers on links%n",
                lines, accepted, edges, graphIdentifiers));
        out.append(String.format(Locale.ROOT, "evaluated         %,d observed identifiers of %,d persons in %,d members (%,d never observed; %,d of several persons checked apart)%n",
                pairwise.identifiers(), pairwise.persons(), pairwise.members(), neverObserved, multiOwnerIdentifiers));
        out.append(String.format(Locale.ROOT, "precision         %.5f   (bar %.3f)%n", pairwise.precision(), PRECISION_BAR));
        out.append(String.format(Locale.ROOT, "recall            %.5f   of what the links prove (bar %.3f); %.5f of every observed identifier%n",
                recoverable.recall(), RECALL_BAR, pairwise.recall()));
        out.append(String.format(Locale.ROOT, "F1                %.5f   of what the links prove; %.5f of every observed identifier%n",
                recoverable.f1(), pairwise.f1()));
        out.append(String.format(Locale.ROOT, "pairs             %,d predicted, %,d true, %,d correct%n",
                pairwise.predictedPairs(), pairwise.truePairs(), pairwise.correctPairs()));
        out.append(String.format(Locale.ROOT, "over-merged       %,d persons in %,d members%n", pairwise.overMergedPersons(), pairwise.overMergedMembers()));
        out.append(String.format(Locale.ROOT, "under-merged      %,d persons%n", pairwise.underMergedPersons()));
        out.append(String.format(Locale.ROOT, "limit conflicts   %,d edges dropped%n", conflicts));
        out.append(String.format(Locale.ROOT, "hub merges        %,d%n", hubMerges));
        Map<String, Long> byTruth = new TreeMap<>();
        Map<String, Long> byType = new TreeMap<>();
        for (QuarantinedHub hub : quarantines) {
            byTruth.merge(hub.truth(), 1L, Long::sum);
            byType.merge(hub.type(), 1L, Long::sum);
        }
        out.append(String.format(Locale.ROOT, "quarantined hubs  %,d: by type %s, by ground truth %s%n", quarantines.size(), byType, compact(byTruth)));
        long heldByNewOwner = recycledPhones.stream().filter(outcome -> outcome.holder().equals("new_owner")).count();
        out.append(String.format(Locale.ROOT, "recycled phones   %,d: %,d joined old and new owner, %,d held by the new owner%n",
                recycledPhones.size(), recycledPhonesJoined(), heldByNewOwner));
        out.append("member sizes      ").append(histogram(pairwise.clusterSizes())).append('\n');
        out.append(String.format(Locale.ROOT, "time              %.1f s ingest and link extraction, %.1f s clustering%n",
                ingestTime.toMillis() / 1000.0, clusterTime.toMillis() / 1000.0));
        out.append("quality bar       ").append(meetsBar() ? "MET" : "MISSED").append('\n');
        return out.toString();
    }

    private static Map<String, Long> compact(Map<String, Long> byTruth) {
        // person ids are many and alike: count them as one bucket
        Map<String, Long> compact = new TreeMap<>();
        byTruth.forEach((truth, count) -> compact.merge(truth.startsWith("P") ? "one person" : truth, count, Long::sum));
        return compact;
    }

    private static String histogram(Map<Integer, Long> sizes) {
        Map<String, Long> buckets = new TreeMap<>((a, b) -> Integer.compare(bucketStart(a), bucketStart(b)));
        sizes.forEach((size, count) -> buckets.merge(bucket(size), count, Long::sum));
        StringBuilder out = new StringBuilder();
        buckets.forEach((bucket, count) -> out.append(bucket).append(": ").append(String.format(Locale.ROOT, "%,d", count)).append("  "));
        return out.toString().strip();
    }

    private static String bucket(int size) {
        if (size <= 10) {
            return Integer.toString(size);
        }
        if (size <= 20) {
            return "11-20";
        }
        if (size <= 50) {
            return "21-50";
        }
        return ">50";
    }

    private static int bucketStart(String bucket) {
        return bucket.startsWith(">") ? Integer.MAX_VALUE : Integer.parseInt(bucket.split("-")[0]);
    }
}
