package org.opencdp.identity.graph;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.opencdp.identity.cluster.BadMarks;
import org.opencdp.identity.cluster.Cluster;
import org.opencdp.identity.cluster.ComponentResolver;
import org.opencdp.identity.cluster.ConflictRecord;
import org.opencdp.identity.cluster.DropReason;
import org.opencdp.identity.cluster.DroppedEdge;
import org.opencdp.identity.cluster.EdgeFilter;
import org.opencdp.identity.cluster.IdentifierAssessor;
import org.opencdp.identity.cluster.IdentifierStatus;
import org.opencdp.identity.cluster.Quarantine;
import org.opencdp.identity.cluster.ReferenceClustering;
import org.opencdp.identity.cluster.RegionResolution;
import org.opencdp.identity.cluster.RegionResolution.Component;
import org.opencdp.identity.cluster.WeakAttachment;
import org.opencdp.identity.edge.EdgeSets;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.identity.explain.IdentifierExplanation;
import org.opencdp.identity.explain.MemberExplanation;
import org.opencdp.identity.ids.AliasRecord;
import org.opencdp.identity.ids.AssignmentChanges;
import org.opencdp.identity.ids.HashedMemberIdGenerator;
import org.opencdp.identity.ids.MemberAssignment;
import org.opencdp.identity.ids.MemberIdAssigner;
import org.opencdp.identity.ids.MemberIdGenerator;
import org.opencdp.identity.ids.MemberInfo;
import org.opencdp.identity.rules.IdentityRules;

/**
 * An immutable snapshot of the identity graph in memory: every observed edge, each identifier's status, the
 * connected components of kept edges and their resolution, and the member ids. Every change returns a new
 * snapshot and recomputes only the components it can affect:
 *
 * <ul>
 *   <li>{@link #apply} adds edges; the identifiers they touch are re-assessed, and the components holding them
 *       (and any identifier an edge's changed verdict now reaches) are re-resolved.</li>
 *   <li>{@link #markEdgeBad} and {@link #markIdentifierBad} unmerge: the affected components are re-resolved
 *       without the edge or identifier, and ids and aliases follow (a retired alias whose founding identifier is
 *       split off again comes back).</li>
 *   <li>{@link #recomputeAll} does the same from scratch over every edge, with the same previous ids: an
 *       incremental run gives exactly its result.</li>
 * </ul>
 *
 * Clusters are those of {@link ReferenceClustering} on the same edges and marks.
 */
public final class IdentityGraph {
    private final IdentityRules rules;
    private final MemberIdAssigner assigner;
    private final BadMarks marks;
    private final Map<String, IdentityEdge> edges;
    private final Map<IdentifierKey, List<IdentityEdge>> incidence;
    private final Map<IdentifierKey, IdentifierStatus> statuses;
    private final Map<IdentifierKey, IdentifierKey> componentOf;
    private final Map<IdentifierKey, Component> components;
    private final Map<IdentifierKey, Cluster> clusterOf;
    private final Map<String, Cluster> clusterOfMember;
    private final MemberAssignment assignment;
    private final ApplyStats lastRun;
    private final AssignmentChanges lastChanges;

    private IdentityGraph(
            IdentityRules rules,
            MemberIdAssigner assigner,
            BadMarks marks,
            Map<String, IdentityEdge> edges,
            Map<IdentifierKey, List<IdentityEdge>> incidence,
            Map<IdentifierKey, IdentifierStatus> statuses,
            Map<IdentifierKey, IdentifierKey> componentOf,
            Map<IdentifierKey, Component> components,
            Map<IdentifierKey, Cluster> clusterOf,
            Map<String, Cluster> clusterOfMember,
            MemberAssignment assignment,
            ApplyStats lastRun,
            AssignmentChanges lastChanges) {
        this.rules = rules;
        this.assigner = assigner;
        this.marks = marks;
        this.edges = edges;
        this.incidence = incidence;
        this.statuses = statuses;
        this.componentOf = componentOf;
        this.components = components;
        this.clusterOf = clusterOf;
        this.clusterOfMember = clusterOfMember;
        this.assignment = assignment;
        this.lastRun = lastRun;
        this.lastChanges = lastChanges;
    }

    public static IdentityGraph empty(IdentityRules rules) {
        return empty(rules, new HashedMemberIdGenerator(), MemberAssignment.empty());
    }

    /**
     * A graph without edges that starts from a previous run's ids (e.g. read back from the member table); follow
     * with {@link #recomputeAll} to rebuild the graph from all edges while keeping those ids.
     */
    public static IdentityGraph empty(IdentityRules rules, MemberIdGenerator generator, MemberAssignment previous) {
        return new IdentityGraph(
                requireNonNull(rules, "rules is null"),
                new MemberIdAssigner(requireNonNull(generator, "generator is null")),
                BadMarks.none(),
                Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
                requireNonNull(previous, "previous is null"),
                ApplyStats.none(),
                AssignmentChanges.none());
    }

    /** A graph built from scratch from the given edges. */
    public static IdentityGraph build(IdentityRules rules, Collection<IdentityEdge> edges) {
        return empty(rules).recomputeAll(edges);
    }

    /** {@code previous} with {@code newEdges} applied incrementally. */
    public static IdentityGraph apply(IdentityGraph previous, Collection<IdentityEdge> newEdges) {
        return requireNonNull(previous, "previous is null").apply(newEdges);
    }

    /** This graph with more edges; only components the new edges reach are recomputed. */
    public IdentityGraph apply(Collection<IdentityEdge> newEdges) {
        requireNonNull(newEdges, "newEdges is null");
        return recompute(newEdges, marks, Set.of(), false);
    }

    /** This graph with more edges, every component recomputed (the reference for {@link #apply}). */
    public IdentityGraph recomputeAll(Collection<IdentityEdge> newEdges) {
        requireNonNull(newEdges, "newEdges is null");
        return recompute(newEdges, marks, Set.of(), true);
    }

    /** Unmerge by edge: the edge links nothing from now on; its component is re-clustered. */
    public IdentityGraph markEdgeBad(String linkId, String reason) {
        IdentityEdge edge = edges.get(requireNonNull(linkId, "linkId is null"));
        if (edge == null) {
            throw new NoSuchElementException("no edge with link id '%s' in the graph".formatted(linkId));
        }
        return recompute(List.of(), marks.withBadEdge(linkId, reason), Set.of(edge.left().key(), edge.right().key()), false);
    }

    /** Undo {@link #markEdgeBad}. */
    public IdentityGraph clearEdgeMark(String linkId) {
        IdentityEdge edge = edges.get(requireNonNull(linkId, "linkId is null"));
        if (edge == null || !marks.isBadEdge(linkId)) {
            return this;
        }
        return recompute(List.of(), marks.withoutBadEdge(linkId), Set.of(edge.left().key(), edge.right().key()), false);
    }

    /** Unmerge by identifier: it belongs to no member and links nobody; its component is re-clustered. */
    public IdentityGraph markIdentifierBad(IdentifierKey key, String reason) {
        requireNonNull(key, "key is null");
        if (!incidence.containsKey(key)) {
            throw new NoSuchElementException("identifier %s is not in the graph".formatted(key));
        }
        return recompute(List.of(), marks.withBadIdentifier(key, reason), withNeighbours(key), false);
    }

    /** Undo {@link #markIdentifierBad}. */
    public IdentityGraph clearIdentifierMark(IdentifierKey key) {
        requireNonNull(key, "key is null");
        if (!marks.isBadIdentifier(key)) {
            return this;
        }
        return recompute(List.of(), marks.withoutBadIdentifier(key), withNeighbours(key), false);
    }

    // identifiers whose status depends on whether key is marked bad: key itself and every neighbour (hub counts
    // and takeovers skip edges to bad identifiers)
    private Set<IdentifierKey> withNeighbours(IdentifierKey key) {
        Set<IdentifierKey> keys = new HashSet<>();
        keys.add(key);
        for (IdentityEdge edge : incidence.getOrDefault(key, List.of())) {
            keys.add(edge.other(key).key());
        }
        return keys;
    }

    private IdentityGraph recompute(Collection<IdentityEdge> newEdges, BadMarks newMarks, Set<IdentifierKey> markedTouched, boolean full) {
        // 1. add the new observations
        Map<String, IdentityEdge> allEdges = new HashMap<>(edges);
        Map<IdentifierKey, List<IdentityEdge>> allIncidence = new HashMap<>(incidence);
        Set<IdentifierKey> touched = new HashSet<>(markedTouched);
        Set<IdentifierKey> copied = new HashSet<>();
        Set<String> added = new HashSet<>();
        for (IdentityEdge edge : EdgeSets.byLinkId(newEdges).values()) {
            IdentityEdge existing = allEdges.get(edge.linkId());
            if (existing != null && IdentityEdge.CANONICAL.compare(existing, edge) <= 0) {
                continue;
            }
            if (existing != null) {
                removeIncidence(allIncidence, copied, existing);
                touched.add(existing.left().key());
                touched.add(existing.right().key());
            }
            allEdges.put(edge.linkId(), edge);
            addIncidence(allIncidence, copied, edge);
            touched.add(edge.left().key());
            touched.add(edge.right().key());
            added.add(edge.linkId());
        }

        // 2. re-assess the touched identifiers
        IdentifierAssessor assessor = new IdentifierAssessor(rules);
        Map<IdentifierKey, IdentifierStatus> allStatuses = new HashMap<>(statuses);
        Collection<IdentifierKey> assessed = full ? allIncidence.keySet() : touched;
        for (IdentifierKey key : assessed) {
            List<IdentityEdge> incident = allIncidence.get(key);
            if (incident != null) {
                allStatuses.put(key, assessor.assess(key, incident, newMarks));
            }
        }

        // 3. the region to recompute: components of the touched identifiers, and of any identifier that an edge
        //    with a changed verdict leads to
        Set<IdentifierKey> region;
        if (full) {
            region = new HashSet<>(allIncidence.keySet());
            region.addAll(assignment.memberIds().keySet());
        }
        else {
            Set<IdentifierKey> seeds = new HashSet<>(touched);
            for (IdentifierKey key : touched) {
                for (IdentityEdge edge : allIncidence.getOrDefault(key, List.of())) {
                    boolean before = !added.contains(edge.linkId()) && keptBy(edge, statuses, marks);
                    boolean after = keptBy(edge, allStatuses, newMarks);
                    if (before != after) {
                        seeds.add(edge.left().key());
                        seeds.add(edge.right().key());
                    }
                }
            }
            region = new HashSet<>();
            for (IdentifierKey seed : seeds) {
                region.add(seed);
                IdentifierKey componentKey = componentOf.get(seed);
                if (componentKey != null) {
                    region.addAll(components.get(componentKey).identifiers());
                }
            }
        }

        // 4. kept edges of the region and their connected components
        Set<IdentifierKey> replaced = new HashSet<>();
        for (IdentifierKey key : region) {
            IdentifierKey componentKey = componentOf.get(key);
            if (componentKey != null) {
                replaced.add(componentKey);
            }
        }
        Map<String, IdentityEdge> regionEdges = new HashMap<>();
        List<IdentifierKey> nodes = new ArrayList<>();
        for (IdentifierKey key : region) {
            List<IdentityEdge> incident = allIncidence.get(key);
            if (incident == null) {
                continue;
            }
            for (IdentityEdge edge : incident) {
                regionEdges.putIfAbsent(edge.linkId(), edge);
            }
            if (!allStatuses.get(key).excluded()) {
                nodes.add(key);
            }
        }
        List<IdentityEdge> kept = new ArrayList<>();
        for (IdentityEdge edge : regionEdges.values()) {
            if (keptBy(edge, allStatuses, newMarks)) {
                if (!region.contains(edge.left().key()) || !region.contains(edge.right().key())) {
                    throw new IllegalStateException("kept edge %s leaves the recomputed region".formatted(edge));
                }
                kept.add(edge);
            }
        }

        // 5. resolve each component
        List<Component> resolved = RegionResolution.components(new ComponentResolver(rules), nodes, kept);
        List<Cluster> clusters = new ArrayList<>();
        resolved.forEach(component -> clusters.addAll(component.resolved().clusters()));

        // 6. member ids
        MemberIdAssigner.Result ids = assigner.assign(assignment, region, clusters, key -> allStatuses.get(key).firstSeen());

        // 7. the new snapshot
        Map<IdentifierKey, IdentifierKey> allComponentOf = new HashMap<>(componentOf);
        Map<IdentifierKey, Component> allComponents = new HashMap<>(components);
        Map<IdentifierKey, Cluster> allClusterOf = new HashMap<>(clusterOf);
        Map<String, Cluster> allClusterOfMember = new HashMap<>(clusterOfMember);
        for (IdentifierKey componentKey : replaced) {
            allComponents.remove(componentKey);
        }
        for (IdentifierKey key : region) {
            allComponentOf.remove(key);
            allClusterOf.remove(key);
            assignment.memberOf(key).ifPresent(allClusterOfMember::remove);
        }
        for (Component component : resolved) {
            allComponents.put(component.key(), component);
            for (IdentifierKey key : component.identifiers()) {
                allComponentOf.put(key, component.key());
            }
            for (Cluster cluster : component.resolved().clusters()) {
                allClusterOfMember.put(ids.memberIdByClusterKey().get(cluster.clusterKey()), cluster);
                for (IdentifierKey key : cluster.identifiers()) {
                    allClusterOf.put(key, cluster);
                }
            }
        }
        ApplyStats stats = new ApplyStats(full, assessed.size(), replaced.size(), resolved.size(), regionEdges.size(), allComponents.size(), allEdges.size());
        return new IdentityGraph(rules, assigner, newMarks, allEdges, allIncidence, allStatuses, allComponentOf, allComponents, allClusterOf,
                allClusterOfMember, ids.assignment(), stats, ids.changes());
    }

    private static boolean keptBy(IdentityEdge edge, Map<IdentifierKey, IdentifierStatus> statuses, BadMarks marks) {
        IdentifierStatus left = statuses.get(edge.left().key());
        IdentifierStatus right = statuses.get(edge.right().key());
        if (left == null || right == null) {
            return false;
        }
        return EdgeFilter.kept(edge, left, right, marks);
    }

    private static void addIncidence(Map<IdentifierKey, List<IdentityEdge>> incidence, Set<IdentifierKey> copied, IdentityEdge edge) {
        writable(incidence, copied, edge.left().key()).add(edge);
        if (!edge.isSelfLink()) {
            writable(incidence, copied, edge.right().key()).add(edge);
        }
    }

    private static void removeIncidence(Map<IdentifierKey, List<IdentityEdge>> incidence, Set<IdentifierKey> copied, IdentityEdge edge) {
        writable(incidence, copied, edge.left().key()).remove(edge);
        writable(incidence, copied, edge.right().key()).remove(edge);
    }

    // copy-on-write: lists shared with the previous snapshot are copied once before the first change
    private static List<IdentityEdge> writable(Map<IdentifierKey, List<IdentityEdge>> incidence, Set<IdentifierKey> copied, IdentifierKey key) {
        if (copied.add(key)) {
            List<IdentityEdge> existing = incidence.get(key);
            List<IdentityEdge> copy = existing == null ? new ArrayList<>(2) : new ArrayList<>(existing);
            incidence.put(key, copy);
            return copy;
        }
        return incidence.get(key);
    }

    // ---- reading the graph

    public IdentityRules rules() {
        return rules;
    }

    public BadMarks marks() {
        return marks;
    }

    public MemberAssignment assignment() {
        return assignment;
    }

    /** What the last change recomputed. */
    public ApplyStats lastRun() {
        return lastRun;
    }

    /** Ids created, aliased, split, revived and retired by the last change. */
    public AssignmentChanges lastChanges() {
        return lastChanges;
    }

    public Collection<IdentityEdge> edges() {
        return java.util.Collections.unmodifiableCollection(edges.values());
    }

    public int edgeCount() {
        return edges.size();
    }

    public int componentCount() {
        return components.size();
    }

    public Optional<String> memberOf(IdentifierKey key) {
        return assignment.memberOf(key);
    }

    /** Identifier to member id, for every identifier in a member. */
    public Map<IdentifierKey, String> memberIds() {
        return assignment.memberIds();
    }

    /** Identifier to the smallest identifier of its member: the canonical form to compare with other engines. */
    public Map<IdentifierKey, IdentifierKey> clusterKeys() {
        Map<IdentifierKey, IdentifierKey> keys = new HashMap<>(clusterOf.size() * 2);
        clusterOf.forEach((key, cluster) -> keys.put(key, cluster.clusterKey()));
        return keys;
    }

    /** The member behind an id, following aliases. */
    public Optional<Member> member(String memberId) {
        return assignment.resolve(memberId).map(id -> member(id, clusterOfMember.get(id)));
    }

    public List<Member> members() {
        return clusterOfMember.entrySet().stream()
                .map(entry -> member(entry.getKey(), entry.getValue()))
                .sorted(Comparator.comparing(Member::memberId))
                .toList();
    }

    private Member member(String id, Cluster cluster) {
        MemberInfo info = assignment.members().get(id);
        return new Member(id, info.createdAt(), cluster.clusterKey(), cluster.identifiers());
    }

    public Optional<IdentifierStatus> status(IdentifierKey key) {
        return Optional.ofNullable(statuses.get(key));
    }

    public List<AliasRecord> aliases() {
        return assignment.aliases().values().stream().sorted(Comparator.comparing(AliasRecord::aliasId)).toList();
    }

    public List<ConflictRecord> conflicts() {
        return components.values().stream()
                .flatMap(component -> component.resolved().conflicts().stream())
                .sorted(Comparator.comparing(ConflictRecord::edge, IdentityEdge.CANONICAL))
                .toList();
    }

    public List<Quarantine> quarantines() {
        return statuses.values().stream()
                .flatMap(status -> status.quarantineRecord().stream())
                .sorted(Comparator.comparing(Quarantine::hub))
                .toList();
    }

    public List<WeakAttachment> attachments() {
        return components.values().stream()
                .flatMap(component -> component.resolved().attachments().stream())
                .sorted(Comparator.comparing(WeakAttachment::groupKey))
                .toList();
    }

    /** Every edge the rules removed, with the reason. Walks all edges. */
    public List<DroppedEdge> droppedEdges() {
        List<DroppedEdge> dropped = new ArrayList<>();
        for (IdentityEdge edge : edges.values()) {
            drop(edge).ifPresent(dropped::add);
        }
        dropped.sort(Comparator.comparing(DroppedEdge::edge, IdentityEdge.CANONICAL));
        return dropped;
    }

    private Optional<DroppedEdge> drop(IdentityEdge edge) {
        return EdgeFilter.drop(edge, statuses.get(edge.left().key()), statuses.get(edge.right().key()), marks);
    }

    // ---- explain

    public IdentifierExplanation explain(IdentifierKey key) {
        requireNonNull(key, "key is null");
        IdentifierStatus status = statuses.get(key);
        if (status == null) {
            throw new NoSuchElementException("identifier %s is not in the graph".formatted(key));
        }
        List<DroppedEdge> dropped = droppedAround(List.of(key));
        Cluster cluster = clusterOf.get(key);
        if (cluster == null) {
            return new IdentifierExplanation(key, Optional.empty(), Optional.empty(), Optional.ofNullable(status.exclusion()),
                    List.of(), List.of(), Optional.empty(), List.of(), dropped, quarantinesOf(List.of(key), dropped));
        }
        Component component = components.get(componentOf.get(key));
        List<IdentityEdge> incidentAccepted = cluster.acceptedEdges().stream().filter(edge -> edge.touches(key)).toList();
        Optional<WeakAttachment> attachment = component.resolved().attachments().stream()
                .filter(candidate -> candidate.weakIdentifiers().contains(key))
                .findFirst();
        List<ConflictRecord> conflicts = component.resolved().conflicts().stream()
                .filter(conflict -> conflict.edge().touches(key) || conflict.leftValues().contains(key) || conflict.rightValues().contains(key))
                .toList();
        return new IdentifierExplanation(key, assignment.memberOf(key), Optional.of(cluster.clusterKey()), Optional.empty(),
                path(cluster.acceptedEdges(), key, cluster.clusterKey()), incidentAccepted, attachment, conflicts, dropped, quarantinesOf(List.of(key), dropped));
    }

    public MemberExplanation explainMember(String memberId) {
        String id = assignment.resolve(requireNonNull(memberId, "memberId is null"))
                .orElseThrow(() -> new NoSuchElementException("no member with id '%s'".formatted(memberId)));
        Cluster cluster = clusterOfMember.get(id);
        Component component = components.get(componentOf.get(cluster.clusterKey()));
        Set<IdentifierKey> identifiers = new HashSet<>(cluster.identifiers());
        List<WeakAttachment> attachments = component.resolved().attachments().stream()
                .filter(attachment -> attachment.clusterKey().equals(cluster.clusterKey()))
                .toList();
        List<ConflictRecord> conflicts = component.resolved().conflicts().stream()
                .filter(conflict -> identifiers.contains(conflict.edge().left().key()) || identifiers.contains(conflict.edge().right().key()))
                .toList();
        List<DroppedEdge> dropped = droppedAround(cluster.identifiers());
        List<AliasRecord> aliases = assignment.aliases().values().stream()
                .filter(alias -> id.equals(assignment.resolve(alias.aliasId()).orElse(null)))
                .sorted(Comparator.comparing(AliasRecord::mergedAt).thenComparing(AliasRecord::aliasId))
                .toList();
        MemberInfo info = assignment.members().get(id);
        return new MemberExplanation(id, info.createdAt(), cluster.clusterKey(), cluster.identifiers(), cluster.acceptedEdges(), attachments,
                conflicts, dropped, quarantinesOf(cluster.identifiers(), dropped), aliases);
    }

    private List<DroppedEdge> droppedAround(Collection<IdentifierKey> keys) {
        Map<String, DroppedEdge> dropped = new LinkedHashMap<>();
        for (IdentifierKey key : keys) {
            for (IdentityEdge edge : incidence.getOrDefault(key, List.of())) {
                if (!dropped.containsKey(edge.linkId())) {
                    drop(edge).ifPresent(drop -> dropped.put(edge.linkId(), drop));
                }
            }
        }
        return dropped.values().stream().sorted(Comparator.comparing(DroppedEdge::edge, IdentityEdge.CANONICAL)).toList();
    }

    private List<Quarantine> quarantinesOf(Collection<IdentifierKey> keys, List<DroppedEdge> dropped) {
        Map<IdentifierKey, Quarantine> quarantines = new TreeMap<>();
        for (IdentifierKey key : keys) {
            statuses.get(key).quarantineRecord().ifPresent(q -> quarantines.put(q.hub(), q));
        }
        for (DroppedEdge drop : dropped) {
            if (drop.reason() == DropReason.HUB_QUARANTINE) {
                statuses.get(drop.because()).quarantineRecord().ifPresent(q -> quarantines.put(q.hub(), q));
            }
        }
        return List.copyOf(quarantines.values());
    }

    // the chain of accepted edges from one identifier to another in a spanning forest
    private static List<IdentityEdge> path(List<IdentityEdge> forest, IdentifierKey from, IdentifierKey to) {
        if (from.equals(to)) {
            return List.of();
        }
        Map<IdentifierKey, List<IdentityEdge>> adjacency = new HashMap<>();
        for (IdentityEdge edge : forest) {
            adjacency.computeIfAbsent(edge.left().key(), k -> new ArrayList<>()).add(edge);
            adjacency.computeIfAbsent(edge.right().key(), k -> new ArrayList<>()).add(edge);
        }
        Map<IdentifierKey, IdentityEdge> via = new HashMap<>();
        Deque<IdentifierKey> queue = new ArrayDeque<>(List.of(to));
        via.put(to, null);
        while (!queue.isEmpty() && !via.containsKey(from)) {
            IdentifierKey current = queue.poll();
            for (IdentityEdge edge : adjacency.getOrDefault(current, List.of())) {
                IdentifierKey next = edge.other(current).key();
                if (!via.containsKey(next)) {
                    via.put(next, edge);
                    queue.add(next);
                }
            }
        }
        List<IdentityEdge> path = new ArrayList<>();
        for (IdentifierKey current = from; !current.equals(to); ) {
            IdentityEdge edge = via.get(current);
            path.add(edge);
            current = edge.other(current).key();
        }
        return path;
    }

    @Override
    public String toString() {
        return "IdentityGraph[%d edges, %d components, %d members, %d aliases]".formatted(edges.size(), components.size(), clusterOfMember.size(), assignment.aliases().size());
    }
}
