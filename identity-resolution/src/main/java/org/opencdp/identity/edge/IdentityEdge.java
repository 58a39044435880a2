package org.opencdp.identity.edge;

import static java.util.Comparator.comparing;
import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Comparator;

/**
 * An observed edge of the identity graph, the engine-free twin of the {@code IdentityLink} Avro contract: two
 * identifiers seen together in one event, by one linking rule, at one event time.
 *
 * @param linkId deterministic id of the observation; two edges with the same id are the same observation
 * @param rule linking rule that produced the edge, e.g. {@code login}, {@code pos_member_card}
 * @param source channel name of the event ({@code Source} symbol), kept for explain
 * @param sourceEventId event the edge was observed in
 * @param observedAt event time of the observation
 */
public record IdentityEdge(
        String linkId,
        Identifier left,
        Identifier right,
        String rule,
        String source,
        String sourceEventId,
        Instant observedAt) {
    /**
     * A total order on edges used wherever a stable tie-break is needed: time, then the endpoints in key order,
     * then every other field. Two different observations never compare equal.
     */
    public static final Comparator<IdentityEdge> CANONICAL = comparing(IdentityEdge::observedAt)
            .thenComparing(IdentityEdge::lowKey)
            .thenComparing(IdentityEdge::highKey)
            .thenComparing(IdentityEdge::linkId)
            .thenComparing(IdentityEdge::rule)
            .thenComparing(IdentityEdge::source)
            .thenComparing(IdentityEdge::sourceEventId)
            .thenComparing(edge -> edge.left.verified())
            .thenComparing(edge -> edge.right.verified())
            .thenComparing(edge -> edge.left.key());

    public IdentityEdge {
        requireNonNull(linkId, "linkId is null");
        requireNonNull(left, "left is null");
        requireNonNull(right, "right is null");
        requireNonNull(rule, "rule is null");
        requireNonNull(source, "source is null");
        requireNonNull(sourceEventId, "sourceEventId is null");
        requireNonNull(observedAt, "observedAt is null");
    }

    public IdentifierKey lowKey() {
        return IdentifierKey.min(left.key(), right.key());
    }

    public IdentifierKey highKey() {
        return left.key().compareTo(right.key()) <= 0 ? right.key() : left.key();
    }

    public boolean isSelfLink() {
        return left.key().equals(right.key());
    }

    public boolean touches(IdentifierKey key) {
        return left.key().equals(key) || right.key().equals(key);
    }

    /** The end of this edge that is {@code key}; fails when the edge does not touch it. */
    public Identifier end(IdentifierKey key) {
        if (left.key().equals(key)) {
            return left;
        }
        if (right.key().equals(key)) {
            return right;
        }
        throw new IllegalArgumentException("edge %s does not touch %s".formatted(linkId, key));
    }

    /** The end of this edge that is not {@code key}. */
    public Identifier other(IdentifierKey key) {
        if (left.key().equals(key)) {
            return right;
        }
        if (right.key().equals(key)) {
            return left;
        }
        throw new IllegalArgumentException("edge %s does not touch %s".formatted(linkId, key));
    }

    @Override
    public String toString() {
        return "%s[%s -- %s, rule=%s, source=%s, event=%s, at=%s]".formatted(linkId, left, right, rule, source, sourceEventId, observedAt);
    }
}
