package org.opencdp.identity.cluster;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;
import org.opencdp.identity.edge.IdentifierKey;

/**
 * Edges and identifiers an operator marked bad (unmerge), each with the reason given. A bad edge is ignored
 * entirely; a bad identifier belongs to no member and links nobody. Immutable.
 */
public record BadMarks(Map<String, String> badEdges, Map<IdentifierKey, String> badIdentifiers) {
    private static final BadMarks NONE = new BadMarks(Map.of(), Map.of());

    public BadMarks {
        badEdges = Map.copyOf(requireNonNull(badEdges, "badEdges is null"));
        badIdentifiers = Map.copyOf(requireNonNull(badIdentifiers, "badIdentifiers is null"));
    }

    public static BadMarks none() {
        return NONE;
    }

    public boolean isBadEdge(String linkId) {
        return badEdges.containsKey(linkId);
    }

    public boolean isBadIdentifier(IdentifierKey key) {
        return badIdentifiers.containsKey(key);
    }

    public BadMarks withBadEdge(String linkId, String reason) {
        Map<String, String> edges = new HashMap<>(badEdges);
        edges.put(requireNonNull(linkId, "linkId is null"), requireNonNull(reason, "reason is null"));
        return new BadMarks(edges, badIdentifiers);
    }

    public BadMarks withBadIdentifier(IdentifierKey key, String reason) {
        Map<IdentifierKey, String> identifiers = new HashMap<>(badIdentifiers);
        identifiers.put(requireNonNull(key, "key is null"), requireNonNull(reason, "reason is null"));
        return new BadMarks(badEdges, identifiers);
    }

    public BadMarks withoutBadEdge(String linkId) {
        Map<String, String> edges = new HashMap<>(badEdges);
        edges.remove(linkId);
        return new BadMarks(edges, badIdentifiers);
    }

    public BadMarks withoutBadIdentifier(IdentifierKey key) {
        Map<IdentifierKey, String> identifiers = new HashMap<>(badIdentifiers);
        identifiers.remove(key);
        return new BadMarks(badEdges, identifiers);
    }
}
