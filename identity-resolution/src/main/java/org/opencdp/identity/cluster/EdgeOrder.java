package org.opencdp.identity.cluster;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import org.opencdp.identity.edge.Identifier;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.identity.rules.IdentityRules;

/** The orders in which the rules consider edges. Both are total, so no result depends on input order. */
public final class EdgeOrder {
    private EdgeOrder() {}

    /**
     * Order of strong edges in limit-aware clustering, strongest evidence first: by the effective priority of the
     * weaker end (an edge is only as trustworthy as its weaker identifier; unverified phones rank lower), then of
     * the stronger end, then earliest first (an established link keeps its place against later contradicting
     * evidence), then {@link IdentityEdge#CANONICAL}.
     */
    public static Comparator<IdentityEdge> strongRank(IdentityRules rules) {
        requireNonNull(rules, "rules is null");
        return Comparator.<IdentityEdge>comparingInt(edge -> Math.max(rules.effectivePriority(edge.left()), rules.effectivePriority(edge.right())))
                .thenComparingInt(edge -> Math.min(rules.effectivePriority(edge.left()), rules.effectivePriority(edge.right())))
                .thenComparing(IdentityEdge::observedAt)
                .thenComparing(IdentityEdge.CANONICAL);
    }

    /**
     * Preference among the edges that could attach a weak identifier group to a member, best first: the most
     * recent observation (devices and browsers change hands, and the current user is who events should go to),
     * then the strongest strong end, then {@link IdentityEdge#CANONICAL}.
     */
    public static Comparator<IdentityEdge> attachmentPreference(IdentityRules rules) {
        requireNonNull(rules, "rules is null");
        return Comparator.comparing(IdentityEdge::observedAt, Comparator.reverseOrder())
                .thenComparingInt(edge -> rules.effectivePriority(strongEnd(rules, edge)))
                .thenComparing(IdentityEdge.CANONICAL);
    }

    private static Identifier strongEnd(IdentityRules rules, IdentityEdge edge) {
        return rules.isStrong(edge.left().type()) ? edge.left() : edge.right();
    }
}
