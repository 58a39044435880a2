package org.opencdp.identity.explain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import org.opencdp.identity.cluster.ConflictRecord;
import org.opencdp.identity.cluster.DroppedEdge;
import org.opencdp.identity.cluster.Quarantine;
import org.opencdp.identity.cluster.WeakAttachment;
import org.opencdp.identity.edge.IdentifierKey;
import org.opencdp.identity.edge.IdentityEdge;
import org.opencdp.identity.ids.AliasRecord;

/**
 * Why a member is what it is: its identifiers, the accepted edges that hold it together (with source event,
 * rule and time), how its weak identifiers were attached, the conflicts and drops on its identifiers' edges, the
 * hubs they touched, and the ids merged into it.
 */
public record MemberExplanation(
        String memberId,
        Instant createdAt,
        IdentifierKey clusterKey,
        List<IdentifierKey> identifiers,
        List<IdentityEdge> acceptedEdges,
        List<WeakAttachment> attachments,
        List<ConflictRecord> conflicts,
        List<DroppedEdge> droppedEdges,
        List<Quarantine> quarantines,
        List<AliasRecord> aliases) {
    public MemberExplanation {
        requireNonNull(memberId, "memberId is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(clusterKey, "clusterKey is null");
        identifiers = List.copyOf(identifiers);
        acceptedEdges = List.copyOf(acceptedEdges);
        attachments = List.copyOf(attachments);
        conflicts = List.copyOf(conflicts);
        droppedEdges = List.copyOf(droppedEdges);
        quarantines = List.copyOf(quarantines);
        aliases = List.copyOf(aliases);
    }
}
