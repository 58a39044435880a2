package org.opencdp.identity.edge;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Turns a collection of observations into a set (one edge per link id, whatever the order or repetition), and groups edges by identifier. */
public final class EdgeSets {
    private EdgeSets() {}

    /**
     * One edge per link id. Two different observations sharing a link id are a producer bug; the smaller one by
     * {@link IdentityEdge#CANONICAL} is kept so the outcome still does not depend on order.
     */
    public static Map<String, IdentityEdge> byLinkId(Collection<IdentityEdge> edges) {
        requireNonNull(edges, "edges is null");
        Map<String, IdentityEdge> byId = new HashMap<>(edges.size() * 2);
        for (IdentityEdge edge : edges) {
            byId.merge(edge.linkId(), edge, EdgeSets::smaller);
        }
        return byId;
    }

    public static List<IdentityEdge> dedupe(Collection<IdentityEdge> edges) {
        return new ArrayList<>(byLinkId(edges).values());
    }

    /** The edges of each identifier (a self link once), in the order of {@code edges}. */
    public static Map<IdentifierKey, List<IdentityEdge>> incidence(Collection<IdentityEdge> edges) {
        return incidence(edges, key -> true);
    }

    /** The edges of each of the given identifiers (a self link once), in the order of {@code edges}. */
    public static Map<IdentifierKey, List<IdentityEdge>> incidence(Collection<IdentityEdge> edges, Set<IdentifierKey> keys) {
        requireNonNull(keys, "keys is null");
        return incidence(edges, keys::contains);
    }

    private static Map<IdentifierKey, List<IdentityEdge>> incidence(Collection<IdentityEdge> edges, Predicate<IdentifierKey> among) {
        requireNonNull(edges, "edges is null");
        Map<IdentifierKey, List<IdentityEdge>> incidence = new HashMap<>();
        for (IdentityEdge edge : edges) {
            if (among.test(edge.left().key())) {
                incidence.computeIfAbsent(edge.left().key(), key -> new ArrayList<>()).add(edge);
            }
            if (!edge.isSelfLink() && among.test(edge.right().key())) {
                incidence.computeIfAbsent(edge.right().key(), key -> new ArrayList<>()).add(edge);
            }
        }
        return incidence;
    }

    public static IdentityEdge smaller(IdentityEdge a, IdentityEdge b) {
        return IdentityEdge.CANONICAL.compare(a, b) <= 0 ? a : b;
    }
}
