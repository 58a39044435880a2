package org.opencdp.identity.evaluation;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Pairwise precision, recall and F1 of predicted members against ground-truth persons, computed from the
 * member-by-person contingency counts ({@code n(m,p)} identifiers of person p in member m): correct pairs are
 * {@code sum C(n(m,p), 2)}, predicted pairs {@code sum C(|m|, 2)}, true pairs {@code sum C(|p|, 2)}. Memory is
 * linear in the number of identifiers; no pair is ever enumerated.
 *
 * <p>The universe is the ground truth: identifiers without a person are ignored, identifiers without a member
 * count as members of their own (an unassigned identifier is an under-merge). Precision is 1 when no pair is
 * predicted and recall is 1 when there is no true pair.
 */
public final class PairwiseEvaluation {
    private PairwiseEvaluation() {}

    public static <K> EvaluationReport evaluate(Map<K, String> predicted, Map<K, String> truth) {
        return evaluate(predicted, truth, Set.of());
    }

    /**
     * @param ignoredPersons ground-truth labels to leave out, e.g. the label of shared hub identifiers that
     *        belong to no one
     */
    public static <K> EvaluationReport evaluate(Map<K, String> predicted, Map<K, String> truth, Set<String> ignoredPersons) {
        requireNonNull(predicted, "predicted is null");
        requireNonNull(truth, "truth is null");
        requireNonNull(ignoredPersons, "ignoredPersons is null");
        Map<String, Long> memberSizes = new HashMap<>();
        Map<String, Long> personSizes = new HashMap<>();
        Map<Cell, Long> cells = new HashMap<>();
        long identifiers = 0;
        long unassigned = 0;
        for (Map.Entry<K, String> entry : truth.entrySet()) {
            String person = entry.getValue();
            if (person == null || ignoredPersons.contains(person)) {
                continue;
            }
            identifiers++;
            String member = predicted.get(entry.getKey());
            // NUL cannot occur in a member id, so an unassigned identifier's own label collides with nothing
            String label = member != null ? member : "\u0000unassigned-" + unassigned++;
            memberSizes.merge(label, 1L, Long::sum);
            personSizes.merge(person, 1L, Long::sum);
            cells.merge(new Cell(label, person), 1L, Long::sum);
        }
        long predictedPairs = 0;
        TreeMap<Integer, Long> sizes = new TreeMap<>();
        for (long size : memberSizes.values()) {
            predictedPairs += pairs(size);
            sizes.merge((int) size, 1L, Long::sum);
        }
        long truePairs = 0;
        for (long size : personSizes.values()) {
            truePairs += pairs(size);
        }
        long correctPairs = 0;
        Map<String, Integer> membersPerPerson = new HashMap<>();
        Map<String, Integer> personsPerMember = new HashMap<>();
        Set<String> overMergedPersons = new HashSet<>();
        for (Map.Entry<Cell, Long> entry : cells.entrySet()) {
            Cell cell = entry.getKey();
            long count = entry.getValue();
            correctPairs += pairs(count);
            membersPerPerson.merge(cell.person(), 1, Integer::sum);
            personsPerMember.merge(cell.member(), 1, Integer::sum);
            if (memberSizes.get(cell.member()) > count) {
                overMergedPersons.add(cell.person());
            }
        }
        double precision = predictedPairs == 0 ? 1.0 : (double) correctPairs / predictedPairs;
        double recall = truePairs == 0 ? 1.0 : (double) correctPairs / truePairs;
        double f1 = precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
        long underMerged = membersPerPerson.values().stream().filter(count -> count > 1).count();
        long overMergedMembers = personsPerMember.values().stream().filter(count -> count > 1).count();
        return new EvaluationReport(identifiers, predictedPairs, truePairs, correctPairs, precision, recall, f1,
                personSizes.size(), memberSizes.size(), overMergedPersons.size(), underMerged, overMergedMembers, sizes);
    }

    private static long pairs(long n) {
        return n * (n - 1) / 2;
    }

    private record Cell(String member, String person) {}
}
