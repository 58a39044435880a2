package org.opencdp.identity.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opencdp.identity.cluster.ReferenceClustering;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.rules.IdentityRules;
import org.opencdp.identity.testing.RandomIdentityGraph;

class PairwiseEvaluationTest {
    @Test
    void countsPairsFromTheContingencyTable() {
        // persons A = {a1, a2, a3}, B = {b1, b2}, C = {c1}; members m1 = {a1, a2, b1}, m2 = {a3}, m3 = {b2, c1}
        Map<String, String> truth = Map.of("a1", "A", "a2", "A", "a3", "A", "b1", "B", "b2", "B", "c1", "C");
        Map<String, String> predicted = Map.of("a1", "m1", "a2", "m1", "b1", "m1", "a3", "m2", "b2", "m3", "c1", "m3");

        EvaluationReport report = PairwiseEvaluation.evaluate(predicted, truth);

        assertThat(report.identifiers()).isEqualTo(6);
        assertThat(report.predictedPairs()).isEqualTo(3 + 0 + 1);
        assertThat(report.truePairs()).isEqualTo(3 + 1 + 0);
        assertThat(report.correctPairs()).isEqualTo(1);
        assertThat(report.precision()).isCloseTo(0.25, within(1e-12));
        assertThat(report.recall()).isCloseTo(0.25, within(1e-12));
        assertThat(report.f1()).isCloseTo(0.25, within(1e-12));
        assertThat(report.persons()).isEqualTo(3);
        assertThat(report.members()).isEqualTo(3);
        assertThat(report.overMergedPersons()).isEqualTo(3);
        assertThat(report.underMergedPersons()).isEqualTo(2);
        assertThat(report.overMergedMembers()).isEqualTo(2);
        assertThat(report.clusterSizes()).containsExactly(Map.entry(1, 1L), Map.entry(2, 1L), Map.entry(3, 1L));
    }

    @Test
    void unequalPrecisionAndRecall() {
        // one person of 4 split 2 + 2: precision 1, recall 2/6
        Map<String, String> truth = Map.of("x1", "X", "x2", "X", "x3", "X", "x4", "X");
        Map<String, String> predicted = Map.of("x1", "m1", "x2", "m1", "x3", "m2", "x4", "m2");
        EvaluationReport report = PairwiseEvaluation.evaluate(predicted, truth);
        assertThat(report.precision()).isEqualTo(1.0);
        assertThat(report.recall()).isCloseTo(2.0 / 6, within(1e-12));
        assertThat(report.f1()).isCloseTo(2 * (1.0 / 3) / (1 + 1.0 / 3), within(1e-12));
        assertThat(report.underMergedPersons()).isEqualTo(1);
        assertThat(report.overMergedPersons()).isZero();
    }

    @Test
    void unassignedIdentifiersAreSingletonsAndIgnoredPersonsAreLeftOut() {
        Map<String, String> truth = Map.of("a1", "A", "a2", "A", "hub", "shared");
        Map<String, String> predicted = Map.of("a1", "m1", "hub", "m1");
        EvaluationReport report = PairwiseEvaluation.evaluate(predicted, truth, Set.of("shared"));
        assertThat(report.identifiers()).isEqualTo(2);
        assertThat(report.predictedPairs()).isZero();
        assertThat(report.precision()).isEqualTo(1.0);
        assertThat(report.recall()).isZero();
        assertThat(report.f1()).isZero();
        assertThat(report.members()).isEqualTo(2);
    }

    @Test
    void theRulesScoreWellOnAGeneratedGraphWithHazards() {
        RandomIdentityGraph generated = RandomIdentityGraph.generate(42, 1000);
        Map<IdentifierKey, IdentifierKey> clusters = ReferenceClustering.clusterKeys(IdentityRules.defaults(), generated.edges());
        Map<IdentifierKey, String> predicted = new java.util.HashMap<>();
        clusters.forEach((key, cluster) -> predicted.put(key, cluster.toString()));
        EvaluationReport report = PairwiseEvaluation.evaluate(predicted, generated.truth(), Set.of(RandomIdentityGraph.SHARED));
        assertThat(report.precision()).isGreaterThan(0.98);
        assertThat(report.recall()).isGreaterThan(0.95);
    }
}
