package org.opencdp.identity.cluster;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;

/**
 * Decides whether one edge survives the rules, from the statuses of its two ends and the operator's marks.
 * The reasons are checked in a fixed order (self link, bad edge, exclusion of the lower end then of the higher
 * end, supersession likewise) so that one edge always reports the same reason.
 */
public final class EdgeFilter {
    private EdgeFilter() {}

    public static Optional<DroppedEdge> drop(IdentityEdge edge, IdentifierStatus leftStatus, IdentifierStatus rightStatus, BadMarks marks) {
        requireNonNull(edge, "edge is null");
        requireNonNull(marks, "marks is null");
        if (edge.isSelfLink()) {
            return Optional.of(new DroppedEdge(edge, DropReason.SELF_LINK, null, "both ends are " + edge.left().key()));
        }
        if (marks.isBadEdge(edge.linkId())) {
            return Optional.of(new DroppedEdge(edge, DropReason.MARKED_BAD_EDGE, null, "marked bad: " + marks.badEdges().get(edge.linkId())));
        }
        IdentifierStatus low = statusOf(edge.lowKey(), edge, leftStatus, rightStatus);
        IdentifierStatus high = statusOf(edge.highKey(), edge, leftStatus, rightStatus);
        for (IdentifierStatus status : new IdentifierStatus[] {low, high}) {
            if (status.excluded()) {
                return Optional.of(excluded(edge, status, marks));
            }
        }
        for (IdentifierStatus status : new IdentifierStatus[] {low, high}) {
            if (status.takeoverAt() != null && edge.observedAt().isBefore(status.takeoverAt())) {
                return Optional.of(new DroppedEdge(edge, DropReason.RECYCLED_SUPERSEDED, status.key(),
                        "%s was taken over by a verified observation at %s".formatted(status.key(), status.takeoverAt())));
            }
        }
        return Optional.empty();
    }

    public static boolean kept(IdentityEdge edge, IdentifierStatus leftStatus, IdentifierStatus rightStatus, BadMarks marks) {
        return drop(edge, leftStatus, rightStatus, marks).isEmpty();
    }

    private static IdentifierStatus statusOf(IdentifierKey key, IdentityEdge edge, IdentifierStatus leftStatus, IdentifierStatus rightStatus) {
        IdentifierStatus status = edge.left().key().equals(key) ? leftStatus : rightStatus;
        if (status == null || !status.key().equals(key)) {
            throw new IllegalArgumentException("status for %s of edge %s is %s".formatted(key, edge.linkId(), status));
        }
        return status;
    }

    private static DroppedEdge excluded(IdentityEdge edge, IdentifierStatus status, BadMarks marks) {
        IdentifierKey key = status.key();
        return switch (status.exclusion()) {
            case IGNORED_TYPE -> new DroppedEdge(edge, DropReason.IGNORED_TYPE, key, "type %s is ignored".formatted(key.type()));
            case BLOCKED -> new DroppedEdge(edge, DropReason.BLOCKED, key, "%s is a blocked token".formatted(key));
            case MARKED_BAD -> new DroppedEdge(edge, DropReason.MARKED_BAD_IDENTIFIER, key, "%s marked bad: %s".formatted(key, marks.badIdentifiers().get(key)));
            case HUB -> new DroppedEdge(edge, DropReason.HUB_QUARANTINE, key, "%s is a hub: %d distinct %s neighbours, threshold %d".formatted(
                    key, status.quarantine().distinctNeighbours(), status.quarantine().neighbourType(), status.quarantine().threshold()));
        };
    }
}
