package org.opencdp.identity.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.identity.rules.IdentityRules;
import org.opencdp.identity.testing.RandomIdentityGraph;
import org.opencdp.schemas.avro.IdentifierType;

/**
 * An engine that only counts distinct neighbours per type (an aggregation) and keeps the earliest edge per
 * neighbour reaches the same hub verdicts and quarantine records as {@link IdentifierAssessor#assess}.
 */
class HubCountsTest {
    private final IdentityRules rules = IdentityRules.defaults();
    private final IdentifierAssessor assessor = new IdentifierAssessor(rules);

    @Test
    void hubVerdictFromCountsEqualsTheVerdictFromAllEdges() {
        List<IdentityEdge> edges = RandomIdentityGraph.generate(7, 400).edges();
        Map<IdentifierKey, List<IdentityEdge>> incidence = new HashMap<>();
        for (IdentityEdge edge : edges) {
            incidence.computeIfAbsent(edge.left().key(), k -> new ArrayList<>()).add(edge);
            if (!edge.isSelfLink()) {
                incidence.computeIfAbsent(edge.right().key(), k -> new ArrayList<>()).add(edge);
            }
        }
        int hubs = 0;
        for (Map.Entry<IdentifierKey, List<IdentityEdge>> entry : incidence.entrySet()) {
            IdentifierKey key = entry.getKey();
            IdentifierStatus status = assessor.assess(key, entry.getValue(), BadMarks.none());
            if (assessor.staticExclusion(key, BadMarks.none()) != null) {
                continue;
            }
            Map<IdentifierType, Set<IdentifierKey>> distinct = new EnumMap<>(IdentifierType.class);
            for (IdentityEdge edge : entry.getValue()) {
                if (assessor.usableFor(key, edge, BadMarks.none())) {
                    distinct.computeIfAbsent(edge.other(key).key().type(), t -> new HashSet<>()).add(edge.other(key).key());
                }
            }
            Map<IdentifierType, Integer> counts = new EnumMap<>(IdentifierType.class);
            distinct.forEach((type, keys) -> counts.put(type, keys.size()));
            Optional<IdentifierType> hubType = assessor.hubNeighbourType(counts);

            assertThat(hubType.isPresent()).as("hub verdict of %s", key).isEqualTo(status.exclusion() == Exclusion.HUB);
            if (hubType.isPresent()) {
                hubs++;
                List<IdentityEdge> candidates = entry.getValue().stream()
                        .filter(edge -> assessor.usableFor(key, edge, BadMarks.none()) && edge.other(key).key().type() == hubType.get())
                        .toList();
                assertThat(assessor.quarantine(key, hubType.get(), counts.get(hubType.get()), candidates)).isEqualTo(status.quarantine());
            }
        }
        assertThat(hubs).as("the generated graph has hubs").isPositive();
    }
}
