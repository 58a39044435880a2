package org.opencdp.identity.evaluation;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Pairwise quality of a clustering against ground truth.
 *
 * @param identifiers identifiers evaluated (those with a ground-truth person)
 * @param predictedPairs identifier pairs put in one member
 * @param truePairs identifier pairs belonging to one person
 * @param correctPairs pairs in both
 * @param overMergedPersons persons sharing a member with some other person's identifier
 * @param underMergedPersons persons whose identifiers are spread over more than one member
 * @param overMergedMembers members holding identifiers of more than one person
 * @param clusterSizes member size (identifiers evaluated) to number of members of that size
 */
public record EvaluationReport(
        long identifiers,
        long predictedPairs,
        long truePairs,
        long correctPairs,
        double precision,
        double recall,
        double f1,
        long persons,
        long members,
        long overMergedPersons,
        long underMergedPersons,
        long overMergedMembers,
        SortedMap<Integer, Long> clusterSizes) {
    public EvaluationReport {
        clusterSizes = Collections.unmodifiableSortedMap(new TreeMap<>(clusterSizes));
    }
}
