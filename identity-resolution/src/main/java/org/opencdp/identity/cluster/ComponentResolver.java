package org.opencdp.identity.cluster;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.identity.rules.IdentityRules;
import org.opencdp.identity.rules.Strength;
import org.opencdp.identity.rules.TypeRule;

/**
 * Applies the clustering rules to a set of kept edges (edges that passed {@link EdgeFilter}) and the identifiers
 * they touch. The result depends only on that set: every step sorts by a total order first.
 *
 * <ol>
 *   <li>Strong edges (both ends STRONG), one per identifier pair (its best-ranked observation), are processed in
 *       {@link EdgeOrder#strongRank} order by a union-find that tracks each set's values of limited types; an edge
 *       that would put more values of a limited type in one member than allowed is dropped and recorded as a
 *       {@link ConflictRecord}.</li>
 *   <li>Weak identifiers are grouped by their weak-weak edges (earliest first).</li>
 *   <li>Each weak group attaches to exactly one member: the one reached by its best edge under
 *       {@link EdgeOrder#attachmentPreference} (most recent). A group with no strong neighbour is a member of its
 *       own (an anonymous visitor). Weak identifiers therefore never merge two members.</li>
 * </ol>
 *
 * Since union-find steps in different components do not interact, resolving each connected component separately
 * gives exactly the result of resolving the whole graph at once; this is what lets an engine partition by
 * component and an incremental run redo only the components it touches.
 */
public final class ComponentResolver {
    private final IdentityRules rules;
    private final List<TypeRule> limitedTypes;
    private final Comparator<IdentityEdge> strongRank;
    private final Comparator<IdentityEdge> attachmentPreference;

    public ComponentResolver(IdentityRules rules) {
        this.rules = requireNonNull(rules, "rules is null");
        this.limitedTypes = rules.limitedTypes();
        this.strongRank = EdgeOrder.strongRank(rules);
        this.attachmentPreference = EdgeOrder.attachmentPreference(rules);
    }

    /**
     * @param nodes usable identifiers (not excluded), including every end of {@code keptEdges}; identifiers
     *        without kept edges become single-identifier members
     * @param keptEdges edges that passed {@link EdgeFilter}
     */
    public ResolvedComponent resolve(Collection<IdentifierKey> nodes, Collection<IdentityEdge> keptEdges) {
        requireNonNull(nodes, "nodes is null");
        requireNonNull(keptEdges, "keptEdges is null");
        IdentifierKey[] keys = nodes.stream().distinct().sorted().toArray(IdentifierKey[]::new);
        Map<IdentifierKey, Integer> index = new HashMap<>(keys.length * 2);
        boolean[] strong = new boolean[keys.length];
        for (int i = 0; i < keys.length; i++) {
            index.put(keys[i], i);
            Strength strength = rules.strength(keys[i].type());
            if (strength == Strength.IGNORED) {
                throw new IllegalArgumentException("identifier %s has an IGNORED type and cannot be clustered".formatted(keys[i]));
            }
            strong[i] = strength == Strength.STRONG;
        }

        Map<Long, PairEvidence> strongPairs = new HashMap<>();
        Map<Long, PairEvidence> weakPairs = new HashMap<>();
        List<IdentityEdge> attachEdges = new ArrayList<>();
        for (IdentityEdge edge : keptEdges) {
            int a = indexOf(index, edge.left().key(), edge);
            int b = indexOf(index, edge.right().key(), edge);
            if (a == b) {
                throw new IllegalArgumentException("self link %s is not a kept edge".formatted(edge.linkId()));
            }
            if (strong[a] && strong[b]) {
                strongPairs.computeIfAbsent(pairKey(a, b), k -> new PairEvidence()).add(edge, strongRank);
            }
            else if (!strong[a] && !strong[b]) {
                weakPairs.computeIfAbsent(pairKey(a, b), k -> new PairEvidence()).add(edge, IdentityEdge.CANONICAL);
            }
            else {
                attachEdges.add(edge);
            }
        }

        UnionFind sets = new UnionFind(keys.length);
        List<IdentityEdge> accepted = new ArrayList<>();
        List<ConflictRecord> conflicts = new ArrayList<>();

        // 1. strong edges, limit-aware
        @SuppressWarnings("unchecked")
        List<IdentifierKey>[] limitedValues = new List[keys.length];
        for (int i = 0; i < keys.length; i++) {
            if (strong[i] && rules.rule(keys[i].type()).limited()) {
                limitedValues[i] = new ArrayList<>(List.of(keys[i]));
            }
        }
        List<PairEvidence> strongOrder = new ArrayList<>(strongPairs.values());
        strongOrder.sort(Comparator.comparing(evidence -> evidence.best, strongRank));
        for (PairEvidence evidence : strongOrder) {
            IdentityEdge edge = evidence.best;
            int left = sets.find(index.get(edge.left().key()));
            int right = sets.find(index.get(edge.right().key()));
            if (left == right) {
                continue;
            }
            TypeRule violated = violatedLimit(limitedValues[left], limitedValues[right]);
            if (violated != null) {
                conflicts.add(new ConflictRecord(edge, violated.type(), violated.limit(),
                        valuesOf(limitedValues[left], violated), valuesOf(limitedValues[right], violated), evidence.count));
                continue;
            }
            int root = sets.union(left, right);
            limitedValues[root] = concat(limitedValues[left], limitedValues[right]);
            limitedValues[root == left ? right : left] = null;
            accepted.add(edge);
        }
        int[] strongRoot = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            strongRoot[i] = strong[i] ? sets.find(i) : -1;
        }

        // 2. weak groups
        List<PairEvidence> weakOrder = new ArrayList<>(weakPairs.values());
        weakOrder.sort(Comparator.comparing(evidence -> evidence.best, IdentityEdge.CANONICAL));
        for (PairEvidence evidence : weakOrder) {
            if (sets.union(index.get(evidence.best.left().key()), index.get(evidence.best.right().key())) >= 0) {
                accepted.add(evidence.best);
            }
        }
        int[] weakGroup = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            weakGroup[i] = strong[i] ? -1 : sets.find(i);
        }

        // 3. attach each weak group to one member
        Map<Integer, Map<Integer, IdentityEdge>> candidates = new HashMap<>();
        for (IdentityEdge edge : attachEdges) {
            int a = index.get(edge.left().key());
            int b = index.get(edge.right().key());
            int weak = strong[a] ? b : a;
            int member = strongRoot[strong[a] ? a : b];
            candidates.computeIfAbsent(weakGroup[weak], g -> new HashMap<>())
                    .merge(member, edge, (x, y) -> attachmentPreference.compare(x, y) <= 0 ? x : y);
        }
        Map<Integer, IdentityEdge> chosen = new TreeMap<>();
        for (Map.Entry<Integer, Map<Integer, IdentityEdge>> entry : candidates.entrySet()) {
            IdentityEdge best = entry.getValue().values().stream().min(attachmentPreference).orElseThrow();
            chosen.put(entry.getKey(), best);
        }
        for (IdentityEdge edge : chosen.values()) {
            sets.union(index.get(edge.left().key()), index.get(edge.right().key()));
            accepted.add(edge);
        }

        // 4. clusters, keyed by their smallest identifier (keys are sorted, so the first seen per root)
        Map<Integer, List<IdentifierKey>> members = new HashMap<>();
        int[] clusterKeyIndex = new int[keys.length];
        Arrays.fill(clusterKeyIndex, -1);
        for (int i = 0; i < keys.length; i++) {
            int root = sets.find(i);
            if (clusterKeyIndex[root] < 0) {
                clusterKeyIndex[root] = i;
            }
            members.computeIfAbsent(root, r -> new ArrayList<>()).add(keys[i]);
        }
        Map<Integer, List<IdentityEdge>> acceptedByRoot = new HashMap<>();
        for (IdentityEdge edge : accepted) {
            acceptedByRoot.computeIfAbsent(sets.find(index.get(edge.left().key())), r -> new ArrayList<>()).add(edge);
        }
        List<Cluster> clusters = new ArrayList<>(members.size());
        for (Map.Entry<Integer, List<IdentifierKey>> entry : members.entrySet()) {
            List<IdentityEdge> edges = new ArrayList<>(acceptedByRoot.getOrDefault(entry.getKey(), List.of()));
            edges.sort(IdentityEdge.CANONICAL);
            clusters.add(new Cluster(keys[clusterKeyIndex[entry.getKey()]], entry.getValue(), edges));
        }
        clusters.sort(Comparator.comparing(Cluster::clusterKey));

        List<WeakAttachment> attachments = new ArrayList<>(chosen.size());
        Map<Integer, List<IdentifierKey>> groups = new HashMap<>();
        for (int i = 0; i < keys.length; i++) {
            if (!strong[i] && chosen.containsKey(weakGroup[i])) {
                groups.computeIfAbsent(weakGroup[i], g -> new ArrayList<>()).add(keys[i]);
            }
        }
        for (Map.Entry<Integer, IdentityEdge> entry : chosen.entrySet()) {
            List<IdentifierKey> group = groups.get(entry.getKey());
            int chosenMember = sets.find(entry.getKey());
            List<IdentifierKey> others = candidates.get(entry.getKey()).keySet().stream()
                    .map(strongMember -> keys[clusterKeyIndex[sets.find(strongMember)]])
                    .filter(key -> !key.equals(keys[clusterKeyIndex[chosenMember]]))
                    .sorted()
                    .toList();
            attachments.add(new WeakAttachment(group.get(0), group, entry.getValue(), keys[clusterKeyIndex[chosenMember]], others));
        }
        attachments.sort(Comparator.comparing(WeakAttachment::groupKey));
        conflicts.sort(Comparator.comparing(ConflictRecord::edge, IdentityEdge.CANONICAL));
        return new ResolvedComponent(clusters, conflicts, attachments);
    }

    private TypeRule violatedLimit(List<IdentifierKey> left, List<IdentifierKey> right) {
        if (left == null || right == null) {
            return null;
        }
        for (TypeRule rule : limitedTypes) {
            if (count(left, rule) + count(right, rule) > rule.limit()) {
                return rule;
            }
        }
        return null;
    }

    private static int count(List<IdentifierKey> values, TypeRule rule) {
        int count = 0;
        for (IdentifierKey value : values) {
            if (value.type() == rule.type()) {
                count++;
            }
        }
        return count;
    }

    private static List<IdentifierKey> valuesOf(List<IdentifierKey> values, TypeRule rule) {
        return values.stream().filter(value -> value.type() == rule.type()).sorted().toList();
    }

    private static List<IdentifierKey> concat(List<IdentifierKey> a, List<IdentifierKey> b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        List<IdentifierKey> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return all;
    }

    private static int indexOf(Map<IdentifierKey, Integer> index, IdentifierKey key, IdentityEdge edge) {
        Integer i = index.get(key);
        if (i == null) {
            throw new IllegalArgumentException("edge %s touches %s, which is not among the nodes".formatted(edge.linkId(), key));
        }
        return i;
    }

    private static long pairKey(int a, int b) {
        int low = Math.min(a, b);
        int high = Math.max(a, b);
        return ((long) low << 32) | (high & 0xffffffffL);
    }

    /** The best observation of one identifier pair, and how many there were. */
    private static final class PairEvidence {
        private IdentityEdge best;
        private int count;

        void add(IdentityEdge edge, Comparator<IdentityEdge> order) {
            if (best == null || order.compare(edge, best) < 0) {
                best = edge;
            }
            count++;
        }
    }
}
