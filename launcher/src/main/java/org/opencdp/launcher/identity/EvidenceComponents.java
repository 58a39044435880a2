package org.opencdp.launcher.identity;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;

/**
 * The most any rule could join: for every person, the connected components of the links whose two ends are both
 * that person's own identifiers. Two identifiers of a person in different components never appear together, not
 * even through the person's other identifiers, so no clustering of these links can put them in one member.
 */
final class EvidenceComponents {
    private EvidenceComponents() {}

    /** Every identifier on such a link, mapped to a representative of its component. */
    static Map<IdentifierKey, IdentifierKey> of(Collection<IdentityEdge> edges, Map<IdentifierKey, String> owners) {
        Map<IdentifierKey, IdentifierKey> parent = new HashMap<>();
        for (IdentityEdge edge : edges) {
            IdentifierKey left = edge.left().key();
            IdentifierKey right = edge.right().key();
            String owner = owners.get(left);
            if (owner == null || !owner.equals(owners.get(right))) {
                continue;
            }
            IdentifierKey a = find(parent, left);
            IdentifierKey b = find(parent, right);
            if (!a.equals(b)) {
                parent.put(a.compareTo(b) < 0 ? b : a, a.compareTo(b) < 0 ? a : b);
            }
        }
        Map<IdentifierKey, IdentifierKey> components = new HashMap<>(parent.size() * 2);
        for (IdentifierKey key : parent.keySet()) {
            components.put(key, find(parent, key));
        }
        return components;
    }

    private static IdentifierKey find(Map<IdentifierKey, IdentifierKey> parent, IdentifierKey key) {
        IdentifierKey root = key;
        IdentifierKey next;
        while ((next = parent.get(root)) != null && !next.equals(root)) {
            root = next;
        }
        parent.putIfAbsent(key, key);
        // path compression keeps chains short on large graphs
        IdentifierKey current = key;
        while (!current.equals(root)) {
            IdentifierKey up = parent.get(current);
            parent.put(current, root);
            current = up;
        }
        return root;
    }
}
