package org.opencdp.identity.cluster;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opencdp.identity.edge.EdgeSets;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.identity.rules.IdentityRules;

/**
 * The single-machine reference: every rule applied to the whole edge set at once, then a plain union-find over
 * the accepted edges. A distributed implementation must produce exactly {@link ReferenceResult#clusterKeys()}:
 * each usable identifier mapped to the smallest identifier of its member.
 *
 * <p>Pipeline: one edge per link id; {@link IdentifierStatus} of every identifier from its own edges
 * ({@link IdentifierAssessor}); {@link EdgeFilter} on every edge; {@link ComponentResolver} on all kept edges as
 * one component; union-find over the accepted edges.
 */
public final class ReferenceClustering {
    private ReferenceClustering() {}

    public record ReferenceResult(
            Map<IdentifierKey, IdentifierKey> clusterKeys,
            List<IdentityEdge> acceptedEdges,
            List<ConflictRecord> conflicts,
            List<Quarantine> quarantines,
            List<DroppedEdge> droppedEdges,
            Map<IdentifierKey, IdentifierStatus> statuses) {
        public ReferenceResult {
            clusterKeys = Map.copyOf(clusterKeys);
            acceptedEdges = List.copyOf(acceptedEdges);
            conflicts = List.copyOf(conflicts);
            quarantines = List.copyOf(quarantines);
            droppedEdges = List.copyOf(droppedEdges);
            statuses = Map.copyOf(statuses);
        }
    }

    public static Map<IdentifierKey, IdentifierKey> clusterKeys(IdentityRules rules, Collection<IdentityEdge> edges) {
        return resolve(rules, edges, BadMarks.none()).clusterKeys();
    }

    public static ReferenceResult resolve(IdentityRules rules, Collection<IdentityEdge> edges, BadMarks marks) {
        requireNonNull(rules, "rules is null");
        requireNonNull(marks, "marks is null");
        List<IdentityEdge> unique = EdgeSets.dedupe(edges);
        Map<IdentifierKey, List<IdentityEdge>> incidence = EdgeSets.incidence(unique);
        IdentifierAssessor assessor = new IdentifierAssessor(rules);
        Map<IdentifierKey, IdentifierStatus> statuses = new HashMap<>(incidence.size() * 2);
        List<Quarantine> quarantines = new ArrayList<>();
        List<IdentifierKey> nodes = new ArrayList<>();
        incidence.forEach((key, incident) -> {
            IdentifierStatus status = assessor.assess(key, incident, marks);
            statuses.put(key, status);
            status.quarantineRecord().ifPresent(quarantines::add);
            if (!status.excluded()) {
                nodes.add(key);
            }
        });
        List<IdentityEdge> kept = new ArrayList<>();
        List<DroppedEdge> dropped = new ArrayList<>();
        for (IdentityEdge edge : unique) {
            Optional<DroppedEdge> drop = EdgeFilter.drop(edge, statuses.get(edge.left().key()), statuses.get(edge.right().key()), marks);
            if (drop.isPresent()) {
                dropped.add(drop.get());
            }
            else {
                kept.add(edge);
            }
        }
        ResolvedComponent resolved = new ComponentResolver(rules).resolve(nodes, kept);
        List<IdentityEdge> accepted = new ArrayList<>();
        resolved.clusters().forEach(cluster -> accepted.addAll(cluster.acceptedEdges()));
        quarantines.sort(Comparator.comparing(Quarantine::hub));
        dropped.sort(Comparator.comparing(DroppedEdge::edge, IdentityEdge.CANONICAL));
        return new ReferenceResult(connectedComponents(nodes, accepted), accepted, resolved.conflicts(), quarantines, dropped, statuses);
    }

    /** Plain union-find: every node mapped to the smallest node of its connected component. */
    public static Map<IdentifierKey, IdentifierKey> connectedComponents(Collection<IdentifierKey> nodes, Collection<IdentityEdge> edges) {
        return UnionFind.smallestOfComponents(nodes, edges.stream().map(edge -> Map.entry(edge.left().key(), edge.right().key())).toList());
    }
}
