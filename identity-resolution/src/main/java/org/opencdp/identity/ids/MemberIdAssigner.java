package org.opencdp.identity.ids;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.opencdp.identity.cluster.Cluster;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;

/**
 * Gives the clusters of a run stable member ids, from the previous run's {@link MemberAssignment}.
 *
 * <ul>
 *   <li>Each previous member's id goes to its <em>heir</em>: the new cluster holding its oldest remaining
 *       identifier (earliest first observation, then smallest key). A split therefore keeps the id on the part
 *       with the oldest identifier.</li>
 *   <li>A retired alias whose founding identifier sits in a cluster that does not hold its current target is a
 *       candidate there too: an unmerge brings the old id back.</li>
 *   <li>A cluster keeps the oldest candidate (creation time, then id); the other candidates become its aliases,
 *       with the newest accepted edge on the path between the founding identifiers as cause.</li>
 *   <li>A cluster without candidates gets a new id from the {@link MemberIdGenerator}, seeded by its oldest
 *       identifier; a previous member with no identifier left in any cluster is retired.</li>
 * </ul>
 *
 * Every decision depends only on one cluster, the previous ids of its identifiers and the set of issued ids, so
 * assigning a region of the graph gives the same ids as assigning the whole graph.
 */
public final class MemberIdAssigner {
    private final MemberIdGenerator generator;

    public MemberIdAssigner(MemberIdGenerator generator) {
        this.generator = requireNonNull(generator, "generator is null");
    }

    public record Result(MemberAssignment assignment, Map<IdentifierKey, String> memberIdByClusterKey, AssignmentChanges changes) {
        public Result {
            requireNonNull(assignment, "assignment is null");
            memberIdByClusterKey = Map.copyOf(memberIdByClusterKey);
            requireNonNull(changes, "changes is null");
        }
    }

    private record Candidate(String id, Instant createdAt, IdentifierKey anchor, IdentifierKey representative, boolean alias) {}

    /**
     * @param previous the assignment before this run
     * @param region every identifier whose member may change: all identifiers of the previous members touched
     *        by the run (including those now excluded) and all identifiers of {@code clusters}
     * @param clusters the new clusters covering the region's usable identifiers
     * @param firstSeen first observation time of each clustered identifier
     */
    public Result assign(MemberAssignment previous, Collection<IdentifierKey> region, Collection<Cluster> clusters, Function<IdentifierKey, Instant> firstSeen) {
        requireNonNull(previous, "previous is null");
        requireNonNull(region, "region is null");
        requireNonNull(clusters, "clusters is null");
        requireNonNull(firstSeen, "firstSeen is null");
        Comparator<IdentifierKey> age = Comparator.comparing(firstSeen).thenComparing(Comparator.naturalOrder());

        Set<String> scope = new TreeSet<>();
        for (IdentifierKey key : region) {
            previous.memberOf(key).ifPresent(scope::add);
        }
        // the cluster of each identifier that had a member: the others cannot be a previous member's representative
        Map<IdentifierKey, Cluster> clusterOf = new HashMap<>();
        Map<String, IdentifierKey> representative = new HashMap<>();
        int identifiers = 0;
        for (Cluster cluster : clusters) {
            identifiers += cluster.identifiers().size();
            for (IdentifierKey key : cluster.identifiers()) {
                Optional<String> member = previous.memberOf(key);
                if (member.isPresent()) {
                    clusterOf.put(key, cluster);
                    representative.merge(member.get(), key, (a, b) -> age.compare(a, b) <= 0 ? a : b);
                }
            }
        }
        Map<IdentifierKey, List<String>> heirs = new HashMap<>();
        representative.forEach((member, key) -> heirs.computeIfAbsent(clusterOf.get(key).clusterKey(), k -> new ArrayList<>()).add(member));

        Map<IdentifierKey, String> memberOf = new HashMap<>(capacity(previous.memberIds().size() + identifiers));
        memberOf.putAll(previous.memberIds());
        region.forEach(memberOf::remove);
        Map<String, MemberInfo> members = new HashMap<>(previous.members());
        scope.forEach(members::remove);
        Map<String, AliasRecord> aliases = new HashMap<>(previous.aliases());
        Set<String> issued = new HashSet<>(previous.issuedIds());
        Map<IdentifierKey, String> idByCluster = new HashMap<>();
        List<MemberInfo> created = new ArrayList<>();
        List<AliasRecord> aliased = new ArrayList<>();
        List<SplitRecord> splits = new ArrayList<>();
        List<String> revived = new ArrayList<>();
        Set<String> kept = new HashSet<>();

        List<Cluster> ordered = new ArrayList<>(clusters);
        ordered.sort(Comparator.comparing(Cluster::clusterKey));
        for (Cluster cluster : ordered) {
            Set<String> live = new TreeSet<>(heirs.getOrDefault(cluster.clusterKey(), List.of()));
            List<Candidate> candidates = new ArrayList<>();
            for (String id : live) {
                MemberInfo info = previous.members().get(id);
                candidates.add(new Candidate(id, info.createdAt(), info.anchor(), representative.get(id), false));
            }
            for (IdentifierKey key : cluster.identifiers()) {
                for (AliasRecord alias : previous.aliasesAnchoredAt(key)) {
                    String target = previous.resolve(alias.aliasId()).orElse(null);
                    if (target == null || !live.contains(target)) {
                        candidates.add(new Candidate(alias.aliasId(), alias.aliasCreatedAt(), alias.aliasAnchor(), key, true));
                    }
                }
            }
            String memberId;
            if (candidates.isEmpty()) {
                IdentifierKey seed = oldest(cluster.identifiers(), firstSeen);
                memberId = newId(seed, issued);
                MemberInfo info = new MemberInfo(memberId, firstSeen.apply(seed), seed);
                members.put(memberId, info);
                created.add(info);
                cluster.identifiers().stream()
                        .filter(key -> previous.memberOf(key).isPresent())
                        .min(age)
                        .ifPresent(key -> splits.add(new SplitRecord(previous.memberOf(key).orElseThrow(), info.memberId(), false)));
            }
            else {
                candidates.sort(Comparator.comparing(Candidate::createdAt).thenComparing(Candidate::id));
                Candidate keep = candidates.get(0);
                memberId = keep.id();
                members.put(memberId, new MemberInfo(memberId, keep.createdAt(), keep.anchor()));
                if (keep.alias()) {
                    AliasRecord old = aliases.remove(memberId);
                    revived.add(memberId);
                    splits.add(new SplitRecord(previous.resolve(old.memberId()).orElse(old.memberId()), memberId, true));
                }
                for (Candidate other : candidates.subList(1, candidates.size())) {
                    IdentityEdge cause = newestOnPath(cluster.acceptedEdges(), keep.representative(), other.representative());
                    Instant mergedAt = cause == null ? other.createdAt() : cause.observedAt();
                    AliasRecord alias = new AliasRecord(other.id(), memberId, other.createdAt(), other.anchor(), mergedAt, cause);
                    aliases.put(other.id(), alias);
                    aliased.add(alias);
                }
            }
            kept.add(memberId);
            idByCluster.put(cluster.clusterKey(), memberId);
            for (IdentifierKey key : cluster.identifiers()) {
                memberOf.put(key, memberId);
            }
        }
        List<String> retired = scope.stream()
                .filter(id -> !kept.contains(id) && !aliases.containsKey(id))
                .toList();
        MemberAssignment assignment = MemberAssignment.owning(memberOf, members, aliases, issued);
        return new Result(assignment, idByCluster, new AssignmentChanges(created, aliased, splits, revived, retired));
    }

    /**
     * Whether a cluster of these identifiers can take more than one earlier id (members it inherits, aliases anchored
     * at its identifiers), so that {@link #assign} merges them and reads the cluster's accepted edges for each
     * merge's cause. {@code assign} reads no other cluster's edges: a caller holding many clusters may build the
     * others without them.
     */
    public static boolean mayMerge(MemberAssignment previous, Collection<IdentifierKey> identifiers) {
        requireNonNull(previous, "previous is null");
        requireNonNull(identifiers, "identifiers is null");
        Set<String> earlier = new HashSet<>();
        for (IdentifierKey key : identifiers) {
            previous.memberOf(key).ifPresent(earlier::add);
            previous.aliasesAnchoredAt(key).forEach(alias -> earlier.add(alias.aliasId()));
            if (earlier.size() > 1) {
                return true;
            }
        }
        return false;
    }

    // the oldest of identifiers (earliest first observation, then smallest key), reading each one's first observation once
    private static IdentifierKey oldest(List<IdentifierKey> identifiers, Function<IdentifierKey, Instant> firstSeen) {
        IdentifierKey oldest = null;
        Instant oldestSeen = null;
        for (IdentifierKey key : identifiers) {
            Instant seen = firstSeen.apply(key);
            int order = oldest == null ? -1 : seen.compareTo(oldestSeen);
            if (order < 0 || order == 0 && key.compareTo(oldest) < 0) {
                oldest = key;
                oldestSeen = seen;
            }
        }
        if (oldest == null) {
            throw new IllegalArgumentException("a cluster has no identifier");
        }
        return oldest;
    }

    // a HashMap capacity that holds this many entries without growing
    private static int capacity(int entries) {
        return (int) Math.min(Integer.MAX_VALUE, (long) Math.ceil(entries / 0.75));
    }

    private String newId(IdentifierKey seed, Set<String> issued) {
        for (int attempt = 0; ; attempt++) {
            String id = requireNonNull(generator.newId(seed, attempt), "generator returned null");
            if (issued.add(id)) {
                return id;
            }
        }
    }

    /** The newest edge (by time, then canonical order) on the path between two identifiers of a spanning forest. */
    static IdentityEdge newestOnPath(List<IdentityEdge> forest, IdentifierKey from, IdentifierKey to) {
        if (from.equals(to)) {
            return null;
        }
        Map<IdentifierKey, List<IdentityEdge>> adjacency = new HashMap<>();
        for (IdentityEdge edge : forest) {
            adjacency.computeIfAbsent(edge.left().key(), k -> new ArrayList<>()).add(edge);
            adjacency.computeIfAbsent(edge.right().key(), k -> new ArrayList<>()).add(edge);
        }
        Map<IdentifierKey, IdentityEdge> via = new TreeMap<>();
        Deque<IdentifierKey> queue = new ArrayDeque<>();
        queue.add(from);
        via.put(from, null);
        while (!queue.isEmpty() && !via.containsKey(to)) {
            IdentifierKey current = queue.poll();
            for (IdentityEdge edge : adjacency.getOrDefault(current, List.of())) {
                IdentifierKey next = edge.other(current).key();
                if (!via.containsKey(next)) {
                    via.put(next, edge);
                    queue.add(next);
                }
            }
        }
        if (!via.containsKey(to)) {
            throw new IllegalStateException("%s and %s are in one cluster but not connected by its accepted edges".formatted(from, to));
        }
        IdentityEdge newest = null;
        for (IdentifierKey current = to; !current.equals(from); ) {
            IdentityEdge edge = via.get(current);
            if (newest == null || Comparator.comparing(IdentityEdge::observedAt).thenComparing(IdentityEdge.CANONICAL).compare(edge, newest) > 0) {
                newest = edge;
            }
            current = edge.other(current).key();
        }
        return newest;
    }
}
