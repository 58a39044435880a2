package org.opencdp.identity.cluster;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.opencdp.identity.edge.EdgeSets;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.identity.rules.IdentityRules;

/**
 * A region of the graph resolved in memory: each identifier's status from its own edges, the edges the rules
 * keep between identifiers of the region, their connected components, and each component resolved. An engine
 * uses it for a region small enough for one machine (an incremental run's), {@link #components} is also the
 * last step of the in-memory graph's own recomputation.
 */
public final class RegionResolution {
    private RegionResolution() {}

    /** A connected component of kept edges: its usable identifiers (sorted) and how the rules resolved it. */
    public record Component(IdentifierKey key, List<IdentifierKey> identifiers, ResolvedComponent resolved) {
        public Component {
            requireNonNull(key, "key is null");
            identifiers = List.copyOf(identifiers);
            requireNonNull(resolved, "resolved is null");
        }
    }

    /** The statuses of the region's identifiers and its components. */
    public record Result(Map<IdentifierKey, IdentifierStatus> statuses, List<Component> components) {
        public Result {
            statuses = Map.copyOf(statuses);
            components = List.copyOf(components);
        }
    }

    /**
     * @param region the identifiers to resolve; a kept edge never leaves a region the caller chose well (the
     *        components of every identifier whose edges may have changed), and an edge with one end outside is
     *        not kept here
     * @param edges every edge of each identifier of the region (others are ignored); one edge per link id is
     *        kept, as everywhere
     */
    public static Result resolve(IdentityRules rules, BadMarks marks, Collection<IdentifierKey> region, Collection<IdentityEdge> edges) {
        requireNonNull(rules, "rules is null");
        requireNonNull(marks, "marks is null");
        List<IdentityEdge> unique = EdgeSets.dedupe(edges);
        Map<IdentifierKey, List<IdentityEdge>> incidence = EdgeSets.incidence(unique, new HashSet<>(region));
        IdentifierAssessor assessor = new IdentifierAssessor(rules);
        // each identifier on its own, on every core
        Map<IdentifierKey, IdentifierStatus> statuses = incidence.entrySet().parallelStream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> assessor.assess(entry.getKey(), entry.getValue(), marks)));
        List<IdentifierKey> nodes = new ArrayList<>();
        statuses.forEach((key, status) -> {
            if (!status.excluded()) {
                nodes.add(key);
            }
        });
        List<IdentityEdge> kept = new ArrayList<>();
        for (IdentityEdge edge : unique) {
            IdentifierStatus left = statuses.get(edge.left().key());
            IdentifierStatus right = statuses.get(edge.right().key());
            if (left != null && right != null && EdgeFilter.kept(edge, left, right, marks)) {
                kept.add(edge);
            }
        }
        return new Result(statuses, components(new ComponentResolver(rules), nodes, kept));
    }

    /** The connected components of {@code kept} over the usable {@code nodes}, each resolved by {@code resolver}. */
    public static List<Component> components(ComponentResolver resolver, Collection<IdentifierKey> nodes, Collection<IdentityEdge> kept) {
        requireNonNull(resolver, "resolver is null");
        Map<IdentifierKey, IdentifierKey> componentOf = ReferenceClustering.connectedComponents(nodes, kept);
        Map<IdentifierKey, List<IdentifierKey>> componentNodes = new HashMap<>();
        componentOf.forEach((key, componentKey) -> componentNodes.computeIfAbsent(componentKey, k -> new ArrayList<>()).add(key));
        Map<IdentifierKey, List<IdentityEdge>> componentEdges = new HashMap<>();
        for (IdentityEdge edge : kept) {
            componentEdges.computeIfAbsent(componentOf.get(edge.left().key()), k -> new ArrayList<>()).add(edge);
        }
        // each component on its own, on every core
        return componentNodes.entrySet().parallelStream()
                .map(entry -> {
                    List<IdentifierKey> identifiers = entry.getValue();
                    identifiers.sort(Comparator.naturalOrder());
                    return new Component(entry.getKey(), identifiers, resolver.resolve(identifiers, componentEdges.getOrDefault(entry.getKey(), List.of())));
                })
                .sorted(Comparator.comparing(Component::key))
                .toList();
    }
}
